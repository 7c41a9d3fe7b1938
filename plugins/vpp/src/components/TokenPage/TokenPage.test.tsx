import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { VppToken } from '@internal/plugin-vpp-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { vppApiRef } from '../../api';
import {
  groupEntities,
  makeAsset,
  makeReminderState,
  makeSyncStatus,
  makeToken,
  responseError,
  testRoutes,
} from '../../testing/fixtures';
import { FreshPermissionCache } from '../../__testUtils__/FreshPermissionCache';
import { TokenPage } from './TokenPage';

jest.setTimeout(30_000);

async function renderPage(
  token: VppToken | Error,
  options: {
    allow?: boolean;
    authorize?: (request: { resourceRef?: string }) => 'ALLOW' | 'DENY';
    api?: Record<string, jest.Mock>;
  } = {},
) {
  const permissionApi = mockApis.permission({
    authorize:
      (options.authorize as any) ??
      (options.allow === false ? 'DENY' : 'ALLOW'),
  });
  const authorize = jest.spyOn(permissionApi, 'authorize');
  const vppApi = {
    getToken: jest.fn(async (id: string) => {
      if (token instanceof Error) {
        throw token;
      }
      return id === token.id
        ? token
        : makeToken({ id, displayName: 'Source token' });
    }),
    previewRenewal: jest.fn(),
    renewToken: jest.fn(),
    updateToken: jest.fn(),
    deleteToken: jest.fn(),
    shareToken: jest.fn(),
    getSyncStatus: jest.fn().mockResolvedValue(makeSyncStatus()),
    listAssets: jest
      .fn()
      .mockResolvedValue({ items: [makeAsset()], totalCount: 1 }),
    startSync: jest.fn(),
    confirmContent: jest.fn(),
    getReminders: jest.fn().mockResolvedValue(makeReminderState()),
    updateReminders: jest.fn(),
    listHistory: jest.fn().mockResolvedValue({ items: [], totalCount: 0 }),
    ...options.api,
  };
  const user = userEvent.setup();
  const { unmount } = await renderInTestApp(
    <FreshPermissionCache>
      <TokenPage />
    </FreshPermissionCache>,
    {
      apis: [
        [vppApiRef, vppApi],
        permissionApi,
        catalogApiMock({ entities: groupEntities }),
      ],
      mountedRoutes: testRoutes,
      mountPath: '/vpp/tokens/:tokenId',
      initialRouteEntries: [
        `/vpp/tokens/${token instanceof Error ? 'missing' : token.id}`,
      ],
    },
  );
  return { vppApi, user, authorize, unmount };
}

describe('TokenPage', () => {
  it('shows the facts of the token', async () => {
    const token = makeToken({
      id: 'tok-1',
      displayName: 'Tokyo HQ',
      locationName: 'Tokyo Head Office',
      orgName: 'Example Corp',
      countryCode: 'JP',
      expiresAt: '2027-03-01T09:00:00Z',
      daysLeft: 120,
      notes: 'Downloaded by abm-admin@example.com on 2026-03-01',
    });
    const { vppApi } = await renderPage(token);

    expect(await screen.findByText('Tokyo HQ')).toBeInTheDocument();
    expect(vppApi.getToken).toHaveBeenCalledWith('tok-1');
    const facts = screen.getByTestId('vpp-token-facts');
    expect(facts).toHaveTextContent('Tokyo Head Office');
    expect(facts).toHaveTextContent('Example Corp');
    expect(facts).toHaveTextContent('JP');
    expect(facts).toHaveTextContent('2027-03-01');
    expect(facts).toHaveTextContent('120 days left');
    expect(facts).toHaveTextContent(
      'Downloaded by abm-admin@example.com on 2026-03-01',
    );
    expect(facts).toHaveTextContent('tokyo-it');
    expect(facts).toHaveTextContent('2026-03-01 10:00');
    expect(screen.getByTestId('vpp-token-status')).toHaveAttribute(
      'data-tone',
      'green',
    );
    expect(screen.queryByTestId('vpp-token-banner')).not.toBeInTheDocument();
    expect(screen.getByText('All content tokens').closest('a')).toHaveAttribute(
      'href',
      '/vpp',
    );
  });

  it('shows the apps and books and the reminder settings of the token', async () => {
    const { vppApi } = await renderPage(makeToken({ id: 'tok-content' }));

    expect(await screen.findByText('Example Notes')).toBeInTheDocument();
    expect(vppApi.listAssets).toHaveBeenCalledWith('tok-content', {
      offset: 0,
      limit: 50,
    });
    expect(vppApi.getSyncStatus).toHaveBeenCalledWith('tok-content');
    expect(screen.getByTestId('vpp-last-sync')).toHaveTextContent(
      /^Last synced 1 hour ago/,
    );
    expect(await screen.findByTestId('vpp-reminders')).toHaveTextContent(
      'it-admins@example.com',
    );
    expect(vppApi.getReminders).toHaveBeenCalledWith('tok-content');
  });

  it.each([
    ['expired', 'This token has expired', 'The token expired on 2026-06-28.'],
    [
      'revoked',
      'Apple revoked this token',
      'Apple revoked the token (9625). Download a new token.',
    ],
    [
      'invalid',
      'Apple does not accept this token',
      'Apple does not accept the token (9621).',
    ],
    [
      'claimed-elsewhere',
      'Another MDM manages this location',
      'The location is managed by Jamf Pro.',
    ],
  ] as const)(
    'explains a %s token with the renewal steps',
    async (status, title, reason) => {
      await renderPage(
        makeToken({
          status,
          statusReason: reason,
          locationName: 'Osaka Branch',
          daysLeft: status === 'expired' ? -3 : 40,
          claimedBy: status === 'claimed-elsewhere' ? 'Jamf Pro' : undefined,
        }),
      );

      const banner = await screen.findByTestId('vpp-token-banner');
      expect(banner).toHaveAttribute('data-status', status);
      expect(banner).toHaveTextContent(
        status === 'claimed-elsewhere' ? `${title} (Jamf Pro)` : title,
      );
      expect(screen.getByTestId('vpp-token-facts')).toHaveTextContent(reason);
      expect(banner).toHaveTextContent(
        'In Apple Business Manager, go to Preferences → Payments and Billing → Apps and Books, download the token for Osaka Branch, then choose Renew here.',
      );
    },
  );

  it('shows days since expiry in red for an expired token', async () => {
    await renderPage(makeToken({ status: 'expired', daysLeft: -3 }));
    expect(await screen.findByText('expired 3 days ago')).toBeInTheDocument();
    expect(screen.getByTestId('vpp-token-status')).toHaveAttribute(
      'data-tone',
      'red',
    );
  });

  it('disables Renew, Edit, Share and Delete for who may not change the token, saying why on hover', async () => {
    const { authorize, user } = await renderPage(
      makeToken({ status: 'expired', daysLeft: -3 }),
      { allow: false },
    );
    await screen.findByTestId('vpp-token-facts');
    await waitFor(() => {
      const asked = authorize.mock.calls.map(
        ([request]) => `${request.permission.name} ${request.resourceRef}`,
      );
      expect(asked).toEqual(
        expect.arrayContaining([
          'vpp.token.update tok-1',
          'vpp.token.delete tok-1',
        ]),
      );
    });
    await Promise.all(authorize.mock.results.map(result => result.value));
    await screen.findByText('Example Notes');
    await screen.findByTestId('vpp-reminders');
    await waitFor(() => {
      for (const name of ['Renew', 'Edit', 'Share licenses', 'Delete']) {
        expect(screen.getByRole('button', { name })).toBeDisabled();
      }
    });
    for (const name of ['Sync', 'Save']) {
      expect(screen.queryByRole('button', { name })).not.toBeInTheDocument();
    }
    expect(screen.getByText('Reminders are on')).toBeInTheDocument();

    await user.hover(
      screen.getByRole('button', { name: 'Renew' }).parentElement!,
    );
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      'Only the group that owns this token and administrators can change it (permission vpp.token.update).',
    );
    await user.unhover(
      screen.getByRole('button', { name: 'Renew' }).parentElement!,
    );
    await user.hover(
      screen.getByRole('button', { name: 'Delete' }).parentElement!,
    );
    await waitFor(() =>
      expect(screen.getByRole('tooltip')).toHaveTextContent(
        '(permission vpp.token.delete)',
      ),
    );
  });

  it("disables Renew on another team's token only", async () => {
    // The permission API answers per token, as the backend's owner rule would.
    const own = makeToken({ id: 'tok-own', displayName: 'Ours' });
    const other = makeToken({ id: 'tok-other', displayName: 'Theirs' });
    const answer = (request: { resourceRef?: string }) =>
      request.resourceRef === 'tok-own' ? 'ALLOW' : 'DENY';

    for (const [token, enabled] of [
      [own, true],
      [other, false],
    ] as const) {
      const { unmount } = await renderPage(token, { authorize: answer });
      await screen.findByTestId('vpp-token-facts');
      const renew = await screen.findByRole('button', { name: 'Renew' });
      await waitFor(() =>
        expect(renew.hasAttribute('disabled')).toBe(!enabled),
      );
      unmount();
    }
  });

  it('offers Renew, Edit, Share and Delete to who may change the token', async () => {
    const { user } = await renderPage(makeToken());
    for (const name of ['Renew', 'Edit', 'Share licenses', 'Delete', 'Sync']) {
      expect(await screen.findByRole('button', { name })).toBeInTheDocument();
    }
    await user.click(screen.getByRole('button', { name: 'Renew' }));
    expect(await screen.findByText('Renew Tokyo HQ')).toBeInTheDocument();
  });

  it('edits display name, notes and owner', async () => {
    const token = makeToken();
    const updateToken = jest
      .fn()
      .mockResolvedValue({ ...token, displayName: 'Tokyo headquarters' });
    const { user } = await renderPage(token, { api: { updateToken } });

    await user.click(await screen.findByRole('button', { name: 'Edit' }));
    const name = screen.getByLabelText('Display name');
    await user.clear(name);
    await user.paste('Tokyo headquarters');
    await screen.findByRole('option', { name: 'Osaka IT' });
    await user.selectOptions(
      screen.getByLabelText(/Owner group/),
      'group:default/osaka-it',
    );
    await user.click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(() =>
      expect(updateToken).toHaveBeenCalledWith('tok-1', {
        displayName: 'Tokyo headquarters',
        notes: token.notes,
        owner: 'group:default/osaka-it',
      }),
    );
    expect(await screen.findByText('Saved.')).toBeInTheDocument();
  });

  it('shares the licenses with another group', async () => {
    const token = makeToken();
    const shareToken = jest.fn().mockResolvedValue(
      makeToken({
        id: 'tok-2',
        displayName: 'Tokyo HQ (Sales)',
        owner: 'group:default/osaka-it',
        sharesFrom: 'tok-1',
      }),
    );
    const { user } = await renderPage(token, { api: { shareToken } });

    await user.click(
      await screen.findByRole('button', { name: 'Share licenses' }),
    );
    await screen.findByRole('option', { name: 'Osaka IT' });
    // The owner itself is not offered.
    expect(
      screen.queryByRole('option', { name: 'Tokyo IT' }),
    ).not.toBeInTheDocument();
    await user.selectOptions(
      screen.getByLabelText(/Owner group/),
      'group:default/osaka-it',
    );
    await user.click(screen.getByRole('button', { name: 'Share' }));

    expect(
      await screen.findByText(/Shared the licenses of Tokyo HQ/),
    ).toBeInTheDocument();
    expect(shareToken).toHaveBeenCalledWith('tok-1', {
      owner: 'group:default/osaka-it',
    });
  });

  it('deletes only after confirmation', async () => {
    const deleteToken = jest.fn().mockResolvedValue(undefined);
    const { user } = await renderPage(makeToken(), { api: { deleteToken } });

    await user.click(await screen.findByRole('button', { name: 'Delete' }));
    expect(await screen.findByText('Delete Tokyo HQ?')).toBeInTheDocument();
    expect(deleteToken).not.toHaveBeenCalled();

    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(deleteToken).not.toHaveBeenCalled();

    await user.click(screen.getByRole('button', { name: 'Delete' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(
      Array.from(dialog.querySelectorAll('button')).find(
        b => b.textContent === 'Delete',
      )!,
    );
    await waitFor(() => expect(deleteToken).toHaveBeenCalledWith('tok-1'));
  });

  it("keeps a dialog open with the server's message when a change is refused", async () => {
    const updateToken = jest
      .fn()
      .mockRejectedValue(new Error('The display name is already in use.'));
    const deleteToken = jest
      .fn()
      .mockRejectedValue(
        new Error('The token has licenses shared with Sales.'),
      );
    const { user } = await renderPage(makeToken(), {
      api: { updateToken, deleteToken },
    });

    await user.click(await screen.findByRole('button', { name: 'Edit' }));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(
      await screen.findByText('The display name is already in use.'),
    ).toBeInTheDocument();
    // Not stuck in "saving": the person can correct and try again.
    expect(screen.getByRole('button', { name: 'Save' })).toBeEnabled();
    await user.click(screen.getByRole('button', { name: 'Cancel' }));

    await user.click(screen.getByRole('button', { name: 'Delete' }));
    const dialog = await screen.findByRole('dialog');
    const confirm = Array.from(dialog.querySelectorAll('button')).find(
      b => b.textContent === 'Delete',
    )!;
    await user.click(confirm);
    expect(
      await within(dialog).findByText(
        'The token has licenses shared with Sales.',
      ),
    ).toBeInTheDocument();
    expect(confirm).toBeEnabled();
  });

  it('points a shared record at its source for renewal', async () => {
    await renderPage(
      makeToken({
        id: 'tok-2',
        status: 'expired',
        daysLeft: -1,
        sharesFrom: 'tok-1',
      }),
    );
    const banner = await screen.findByTestId('vpp-token-banner');
    await waitFor(() =>
      expect(banner).toHaveTextContent(
        'This record shares licenses from Source token; renew that token and this one is renewed with it.',
      ),
    );
    expect(
      screen.queryByRole('button', { name: 'Renew' }),
    ).not.toBeInTheDocument();
  });

  it("shows the server's message when the token cannot be loaded", async () => {
    await renderPage(
      await responseError(
        404,
        'No content token with id missing.',
        'NotFoundError',
      ),
    );
    expect(
      await screen.findByText(/No content token with id missing\./),
    ).toBeInTheDocument();
  });
});
