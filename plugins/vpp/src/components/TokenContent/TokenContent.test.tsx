import { screen, waitFor, within } from '@testing-library/react';
import { makeAsset, responseError } from '../../testing/fixtures';
import {
  chat,
  handbook,
  legacy,
  mockApi,
  notes,
  renderContent,
  row,
  survey,
} from './__testUtils__/renderTokenContent';

jest.setTimeout(30_000);

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
