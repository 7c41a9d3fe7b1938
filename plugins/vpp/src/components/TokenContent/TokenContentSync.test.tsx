import { screen, waitFor, within } from '@testing-library/react';
import { makeSyncStatus, responseError } from '../../testing/fixtures';
import {
  mockApi,
  notes,
  renderContent,
  survey,
} from './__testUtils__/renderTokenContent';

jest.setTimeout(30_000);

describe('TokenContent sync', () => {
  it('offers the first sync, shows the server message, and loads the list when it ends', async () => {
    const never = makeSyncStatus({
      lastSyncAt: undefined,
      lastFullSyncAt: undefined,
      outOfDate: true,
      outOfDateReason: 'never-synced',
      outOfDateMessage: 'This token has never been synced.',
      assetCount: 0,
      assignmentCount: 0,
    });
    const running = {
      ...never,
      running: true,
      runningSince: new Date().toISOString(),
    };
    const done = makeSyncStatus({
      lastSyncAt: new Date().toISOString(),
      assetCount: 2,
      assignmentCount: 9,
    });
    const api = mockApi({ status: never });
    const { user } = await renderContent(api);

    const empty = await screen.findByTestId('vpp-content-empty');
    expect(empty).toHaveTextContent('No apps or books yet');
    expect(empty).toHaveTextContent(
      'Sync to fetch what this location bought in Apple Business Manager.',
    );
    expect(screen.getByTestId('vpp-last-sync')).toHaveTextContent(
      'Never synced',
    );
    // The empty state already says it; no second out-of-date banner.
    expect(screen.queryByTestId('vpp-out-of-date')).not.toBeInTheDocument();

    api.startSync.mockImplementation(async () => {
      api.setStatus(running);
      return { message: 'Sync started', started: true, status: running };
    });
    await user.click(within(empty).getByRole('button', { name: 'Sync' }));

    expect(await screen.findByText('Sync started')).toBeInTheDocument();
    expect(api.startSync).toHaveBeenCalledWith('tok-1');
    const header = screen.getByTestId('vpp-sync-header');
    expect(within(header).getByRole('button')).toBeDisabled();
    expect(within(header).getByRole('button')).toHaveTextContent('Syncing…');
    expect(screen.getByTestId('vpp-last-sync')).toHaveTextContent(
      'Syncing… started just now',
    );
    expect(screen.getByTestId('vpp-content-empty')).toHaveTextContent(
      'The apps and books appear here as soon as the sync has finished.',
    );

    // The sync ends in the backend; the next status poll sees it.
    api.setAssets([notes, survey]);
    api.setStatus(done);
    expect(
      await screen.findByText(
        'Sync finished: 2 apps and books and 9 license assignments are up to date.',
      ),
    ).toBeInTheDocument();
    expect(await screen.findByText('Example Notes')).toBeInTheDocument();
    expect(within(header).getByRole('button')).toBeEnabled();
    expect(screen.getByTestId('vpp-last-sync')).toHaveTextContent(
      /^Last synced just now/,
    );

    // A purchase right after: "up to date" gives way to the banner.
    api.setStatus({
      ...done,
      outOfDate: true,
      outOfDateReason: 'counts-changed',
      outOfDateMessage: 'Apple reported a change in license counts.',
    });
    expect(await screen.findByTestId('vpp-out-of-date')).toBeInTheDocument();
    expect(screen.queryByText(/^Sync finished/)).not.toBeInTheDocument();
  });

  it('shows the out-of-date banner with Sync and Confirm; Confirm dismisses it', async () => {
    const stale = makeSyncStatus({
      outOfDate: true,
      outOfDateReason: 'counts-changed',
      outOfDateMessage:
        'Apple reported a license count change on 2026-03-02 09:00 after the last sync.',
      countsChangedAt: new Date().toISOString(),
    });
    const api = mockApi({ assets: [notes], status: stale });
    api.confirmContent.mockImplementation(async () => {
      api.setStatus(makeSyncStatus());
      return makeSyncStatus();
    });
    const { user } = await renderContent(api);

    const banner = await screen.findByTestId('vpp-out-of-date');
    expect(banner).toHaveAttribute('data-reason', 'counts-changed');
    expect(banner).toHaveTextContent('Content may be out of date');
    expect(banner).toHaveTextContent(
      'Apple reported a license count change on 2026-03-02 09:00 after the last sync.',
    );
    expect(
      within(banner).getByRole('button', { name: 'Sync' }),
    ).toBeInTheDocument();

    await user.click(within(banner).getByRole('button', { name: 'Confirm' }));
    expect(api.confirmContent).toHaveBeenCalledWith('tok-1');
    await waitFor(() =>
      expect(screen.queryByTestId('vpp-out-of-date')).not.toBeInTheDocument(),
    );
  });

  it('syncs from the banner', async () => {
    const stale = makeSyncStatus({
      outOfDate: true,
      outOfDateReason: 'stale',
      outOfDateMessage: 'The last sync is older than 24 hours.',
    });
    const api = mockApi({ assets: [notes], status: stale });
    api.startSync.mockImplementation(async () => {
      const running = { ...stale, running: true };
      api.setStatus(running);
      return { message: 'Sync started', started: true, status: running };
    });
    const { user } = await renderContent(api);

    const banner = await screen.findByTestId('vpp-out-of-date');
    await user.click(within(banner).getByRole('button', { name: 'Sync' }));
    expect(api.startSync).toHaveBeenCalledWith('tok-1');
    // While the sync runs, the banner gives way to the progress in the header.
    await waitFor(() =>
      expect(screen.queryByTestId('vpp-out-of-date')).not.toBeInTheDocument(),
    );
  });

  it('shows a count change Apple reports while the page is open, without a reload', async () => {
    const fresh = makeSyncStatus();
    const changed = makeSyncStatus({
      lastSyncAt: fresh.lastSyncAt,
      outOfDate: true,
      outOfDateReason: 'counts-changed',
      outOfDateMessage: 'Apple reported a license count change.',
    });
    const api = mockApi({ assets: [notes], status: fresh });
    await renderContent(api);

    await screen.findByText('Example Notes');
    expect(screen.queryByTestId('vpp-out-of-date')).not.toBeInTheDocument();
    const polls = api.getSyncStatus.mock.calls.length;
    api.setStatus(changed);
    expect(await screen.findByTestId('vpp-out-of-date')).toHaveTextContent(
      'Apple reported a license count change.',
    );
    expect(api.getSyncStatus.mock.calls.length).toBeGreaterThan(polls);
  });

  it("says why nothing new started when a sync already runs, and shows the server's refusal", async () => {
    const api = mockApi({ assets: [notes] });
    api.startSync.mockRejectedValueOnce(
      await responseError(
        409,
        'The token Tokyo HQ has expired; renew it before syncing.',
      ),
    );
    const { user } = await renderContent(api);
    await screen.findByText('Example Notes');

    await user.click(screen.getByRole('button', { name: 'Sync' }));
    expect(
      await screen.findByText(
        'The sync could not be started: The token Tokyo HQ has expired; renew it before syncing.',
      ),
    ).toBeInTheDocument();

    api.startSync.mockResolvedValueOnce({
      message: 'A sync of this content is already running.',
      started: false,
      status: makeSyncStatus({ running: true }),
    });
    await user.click(screen.getByRole('button', { name: 'Sync' }));
    expect(
      await screen.findByText('A sync of this content is already running.'),
    ).toBeInTheDocument();
  });

  it('shows the error of the last failed sync', async () => {
    await renderContent(
      mockApi({
        assets: [notes],
        status: makeSyncStatus({
          lastError:
            'Apple is temporarily unavailable (9729). The sync is retried on the next run.',
          lastErrorAt: new Date().toISOString(),
        }),
      }),
    );
    const alert = await screen.findByTestId('vpp-sync-error');
    expect(alert).toHaveTextContent('The last sync failed');
    expect(alert).toHaveTextContent(
      'Apple is temporarily unavailable (9729). The sync is retried on the next run.',
    );
    expect(alert).toHaveTextContent(/Failed at \d{4}-\d\d-\d\d \d\d:\d\d\./);
  });

  it('shows the banner but no Sync or Confirm to who may not update the token', async () => {
    await renderContent(
      mockApi({
        assets: [notes],
        status: makeSyncStatus({
          outOfDate: true,
          outOfDateReason: 'stale',
          outOfDateMessage: 'The last sync is older than 24 hours.',
        }),
      }),
      { canSync: false },
    );
    const banner = await screen.findByTestId('vpp-out-of-date');
    expect(banner).toHaveTextContent(
      'Someone who may update this token can sync it.',
    );
    expect(screen.queryByRole('button', { name: 'Sync' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Confirm' })).toBeNull();
  });
});
