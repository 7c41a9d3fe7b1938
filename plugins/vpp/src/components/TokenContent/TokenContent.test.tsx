import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  ListAssetsQuery,
  VppAsset,
  VppSyncStatus,
} from '@internal/plugin-vpp-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { vppApiRef } from '../../api';
import {
  makeAsset,
  makeSyncStatus,
  responseError,
} from '../../testing/fixtures';
import { TokenContent } from './TokenContent';

jest.setTimeout(30_000);

const notes = makeAsset();
const survey = makeAsset({
  adamId: '6450000102',
  name: 'Example Field Survey',
  bundleId: 'com.example.survey',
  platforms: ['iOS'],
  totalCount: 5,
  assignedCount: 4,
  availableCount: 1,
  lowLicense: true,
});
const legacy = makeAsset({
  adamId: '6450000109',
  name: undefined,
  iconUrl: undefined,
  bundleId: undefined,
  version: undefined,
  minimumOsVersion: undefined,
  platforms: ['iOS'],
  totalCount: 5,
  assignedCount: 0,
  availableCount: 5,
  deviceAssignable: false,
});
const chat = makeAsset({
  adamId: '6450000104',
  name: 'Example Chat',
  totalCount: 2_147_483_647,
  assignedCount: 7,
  availableCount: 2_147_483_640,
});
const handbook = makeAsset({
  adamId: '6450000201',
  productType: 'Book',
  name: 'Example Employee Handbook',
  bundleId: undefined,
  version: undefined,
  minimumOsVersion: undefined,
  platforms: [],
  totalCount: 20,
  assignedCount: 3,
  availableCount: 17,
  retiredCount: 2,
  deviceAssignable: false,
  revocable: true,
});

/**
 * A fake backend at the API boundary: assets filtered and paged like the real one, and
 * one current sync status that the test (or a fake start/confirm) changes.
 */
function mockApi(options: {
  assets?: VppAsset[];
  status?: VppSyncStatus;
  totalCount?: number;
}) {
  let status = options.status ?? makeSyncStatus();
  let assets = options.assets ?? [];
  return {
    /** What the next status polls answer. */
    setStatus(next: VppSyncStatus) {
      status = next;
    },
    setAssets(next: VppAsset[]) {
      assets = next;
    },
    getSyncStatus: jest.fn(async () => status),
    listAssets: jest.fn(async (_id: string, query: ListAssetsQuery = {}) => {
      const all = assets.filter(
        a =>
          (!query.productType || a.productType === query.productType) &&
          (!query.platform || a.platforms.includes(query.platform)) &&
          (!query.q ||
            `${a.name} ${a.bundleId} ${a.adamId}`
              .toLowerCase()
              .includes(query.q.toLowerCase())),
      );
      const offset = query.offset ?? 0;
      return {
        items: all.slice(offset, offset + (query.limit ?? 100)),
        totalCount: options.totalCount ?? all.length,
      };
    }),
    startSync: jest.fn(),
    confirmContent: jest.fn(),
  };
}

async function renderContent(
  api: ReturnType<typeof mockApi>,
  options: { canSync?: boolean } = {},
) {
  const user = userEvent.setup();
  await renderInTestApp(
    <TokenContent
      tokenId="tok-1"
      canSync={options.canSync ?? true}
      pollIntervals={{ running: 30, idle: 60 }}
    />,
    { apis: [[vppApiRef, api]] },
  );
  return { user };
}

function row(adamId: string): HTMLElement {
  const found = screen
    .getAllByTestId('vpp-asset-row')
    .find(r => r.getAttribute('data-adam-id') === adamId);
  if (!found) {
    throw new Error(`No row for ${adamId}`);
  }
  return found;
}

describe('TokenContent', () => {
  it('lists apps and books with icons, names, platforms and license counts', async () => {
    const api = mockApi({ assets: [notes, survey, legacy, chat, handbook] });
    await renderContent(api);

    expect(await screen.findByText('Example Notes')).toBeInTheDocument();
    expect(api.listAssets).toHaveBeenCalledWith('tok-1', {
      offset: 0,
      limit: 50,
    });

    const notesRow = row('6450000101');
    expect(within(notesRow).getByRole('img')).toHaveAttribute(
      'src',
      notes.iconUrl,
    );
    expect(within(notesRow).getByAltText('Example Notes')).toBeInTheDocument();
    expect(
      within(notesRow).getByTestId('vpp-asset-identity'),
    ).toHaveTextContent('com.example.notes · Adam ID 6450000101');
    expect(notesRow).toHaveTextContent(
      'version 3.2.1 · requires 16.0 or later',
    );
    expect(within(notesRow).getByText('iOS')).toBeInTheDocument();
    expect(within(notesRow).getByText('macOS')).toBeInTheDocument();
    expect(within(notesRow).getByTestId('vpp-asset-total')).toHaveTextContent(
      '50',
    );
    expect(
      within(notesRow).getByTestId('vpp-asset-assigned'),
    ).toHaveTextContent('12');
    expect(
      within(notesRow).getByTestId('vpp-asset-available'),
    ).toHaveTextContent('38');

    // No metadata yet: a readable fallback name and a placeholder instead of the icon.
    const legacyRow = row('6450000109');
    expect(legacyRow).toHaveTextContent('App 6450000109');
    expect(
      within(legacyRow).getByTestId('vpp-asset-identity'),
    ).toHaveTextContent(/^Adam ID 6450000109$/);
    expect(within(legacyRow).queryByRole('img')).not.toBeInTheDocument();

    // Free apps Apple counts as unlimited.
    const chatRow = row('6450000104');
    expect(within(chatRow).getByTestId('vpp-asset-total')).toHaveTextContent(
      'Unlimited',
    );
    expect(
      within(chatRow).getByTestId('vpp-asset-available'),
    ).toHaveTextContent('Unlimited');

    const bookRow = row('6450000201');
    expect(bookRow).toHaveTextContent('Book');
    expect(within(bookRow).getByTestId('vpp-asset-retired')).toHaveTextContent(
      '2',
    );
    expect(bookRow).toHaveTextContent('Assigned to users, not devices');
    expect(bookRow).not.toHaveTextContent('Cannot be distributed');

    expect(screen.getByTestId('vpp-last-sync')).toHaveTextContent(
      /^Last synced 1 hour ago \(\d{4}-\d\d-\d\d \d\d:\d\d\)$/,
    );
    expect(
      screen.getByText(/3 apps and books · 40 license assignments/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Apps with fewer than 5 available licenses are marked Low.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('vpp-out-of-date')).not.toBeInTheDocument();
  });

  it('warns about apps running low on licenses', async () => {
    const { user } = await renderContent(mockApi({ assets: [notes, survey] }));
    await screen.findByText('Example Field Survey');

    expect(row('6450000102')).toHaveAttribute('data-low-license', 'true');
    const chip = within(row('6450000102')).getByTestId('vpp-asset-low-license');
    expect(chip).toHaveTextContent('Low');
    await user.hover(chip);
    expect(
      await screen.findByRole('tooltip', { name: 'Only 1 license left' }),
    ).toBeInTheDocument();
    expect(
      within(row('6450000101')).queryByTestId('vpp-asset-low-license'),
    ).not.toBeInTheDocument();
  });

  it('says which apps cannot be distributed to devices, and why', async () => {
    const { user } = await renderContent(mockApi({ assets: [notes, legacy] }));
    await screen.findByText('App 6450000109');

    const note = within(row('6450000109')).getByTestId(
      'vpp-asset-not-assignable',
    );
    expect(note).toHaveTextContent('Cannot be distributed to devices');
    await user.hover(note);
    expect(
      await screen.findByRole('tooltip', {
        name: /usually because it was bought as redemption codes/,
      }),
    ).toBeInTheDocument();
    expect(
      within(row('6450000101')).queryByTestId('vpp-asset-not-assignable'),
    ).not.toBeInTheDocument();
  });

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

  it('filters by type, platform and search text on the server', async () => {
    const api = mockApi({ assets: [notes, survey, legacy, handbook] });
    const { user } = await renderContent(api);
    await screen.findByText('Example Notes');

    await user.click(screen.getByRole('button', { name: 'Books' }));
    await waitFor(() =>
      expect(screen.getAllByTestId('vpp-asset-row')).toHaveLength(1),
    );
    expect(api.listAssets).toHaveBeenLastCalledWith('tok-1', {
      productType: 'Book',
      offset: 0,
      limit: 50,
    });
    expect(screen.getByText('Example Employee Handbook')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'All' }));
    await user.selectOptions(screen.getByLabelText('Platform'), 'macOS');
    await waitFor(() =>
      expect(api.listAssets).toHaveBeenLastCalledWith('tok-1', {
        platform: 'macOS',
        offset: 0,
        limit: 50,
      }),
    );
    await waitFor(() =>
      expect(screen.getAllByTestId('vpp-asset-row')).toHaveLength(1),
    );

    await user.selectOptions(screen.getByLabelText('Platform'), '');
    const calls = api.listAssets.mock.calls.length;
    await user.type(screen.getByLabelText('Search'), 'survey');
    await waitFor(() =>
      expect(api.listAssets).toHaveBeenLastCalledWith('tok-1', {
        q: 'survey',
        offset: 0,
        limit: 50,
      }),
    );
    // Debounced: one request for the whole word, not one per letter.
    expect(api.listAssets.mock.calls.length - calls).toBeLessThanOrEqual(2);
    await waitFor(() =>
      expect(screen.getAllByTestId('vpp-asset-row')).toHaveLength(1),
    );

    await user.clear(screen.getByLabelText('Search'));
    await user.type(screen.getByLabelText('Search'), 'nothing like this');
    expect(
      await screen.findByText('No apps or books match the filters'),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() =>
      expect(screen.getAllByTestId('vpp-asset-row')).toHaveLength(4),
    );
  });

  it('pages through the list on the server', async () => {
    const many = Array.from({ length: 120 }, (_, i) =>
      makeAsset({
        adamId: String(6450001000 + i),
        name: `App number ${i + 1}`,
      }),
    );
    const api = mockApi({ assets: many });
    const { user } = await renderContent(api);

    await screen.findByText('App number 1');
    expect(screen.getByText('1–50 of 120')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: /next page/i }));
    expect(await screen.findByText('App number 51')).toBeInTheDocument();
    expect(api.listAssets).toHaveBeenLastCalledWith('tok-1', {
      offset: 50,
      limit: 50,
    });
    expect(screen.getByText('51–100 of 120')).toBeInTheDocument();
  });

  it('explains an empty location after a sync', async () => {
    await renderContent(mockApi({ assets: [] }));
    expect(await screen.findByTestId('vpp-content-empty')).toHaveTextContent(
      'Apple reports no apps or books bought for this location.',
    );
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

  it("shows the server's message when the list cannot be loaded", async () => {
    const api = mockApi({});
    api.listAssets.mockRejectedValue(
      await responseError(
        404,
        'No content token with id tok-1.',
        'NotFoundError',
      ),
    );
    await renderContent(api);
    expect(
      await screen.findByText(/No content token with id tok-1\./),
    ).toBeInTheDocument();
  });
});
