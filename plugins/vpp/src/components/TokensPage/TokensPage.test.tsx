import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { vppApiRef } from '../../api';
import { groupEntities, makeToken, testRoutes } from '../../testing/fixtures';
import { FreshPermissionCache } from '../../__testUtils__/FreshPermissionCache';
import { TokensPage } from './TokensPage';

const health = {
  status: 'ok',
  version: '0.1.0',
  database: { client: 'better-sqlite3' },
  apple: { baseUrl: 'http://localhost:7010/mdm/v2', simulated: true },
};

const tokens = [
  makeToken({ id: 'ok-1', displayName: 'Tokyo HQ', daysLeft: 200 }),
  makeToken({
    id: 'expiring-1',
    displayName: 'Osaka branch',
    locationName: 'Osaka Branch',
    expiresAt: '2026-07-13T00:00:00Z',
    daysLeft: 12,
    status: 'expiring',
    statusReason: 'The token expires in 12 days.',
  }),
  makeToken({
    id: 'expired-1',
    displayName: 'Nagoya',
    daysLeft: -3,
    status: 'expired',
    statusReason: 'The token expired on 2026-06-28.',
  }),
  makeToken({
    id: 'revoked-1',
    displayName: 'Fukuoka',
    status: 'revoked',
    statusReason: 'Apple revoked the token (9625).',
  }),
  makeToken({
    id: 'invalid-1',
    displayName: 'Sapporo',
    status: 'invalid',
    statusReason: 'Apple does not accept the token (9621).',
  }),
  makeToken({
    id: 'claimed-1',
    displayName: 'Sendai',
    status: 'claimed-elsewhere',
    statusReason: 'The location is managed by Jamf Pro.',
    claimedBy: 'Jamf Pro',
  }),
];

function mockVppApi(items = tokens) {
  return {
    getHealth: jest.fn().mockResolvedValue(health),
    listTokens: jest.fn().mockResolvedValue({ items }),
    previewRenewal: jest.fn(),
  };
}

function TokensPageWithFreshPermissions() {
  return (
    <FreshPermissionCache>
      <TokensPage />
    </FreshPermissionCache>
  );
}

function rowOf(name: string): HTMLElement {
  return screen.getByText(name, { selector: 'a' }).closest('tr') as HTMLElement;
}

jest.setTimeout(30_000);

describe('TokensPage', () => {
  it('lists the tokens with status chips, dates, days left and the backend health', async () => {
    const vppApi = mockVppApi();
    await renderInTestApp(<TokensPageWithFreshPermissions />, {
      apis: [
        [vppApiRef, vppApi],
        mockApis.permission(),
        catalogApiMock({ entities: groupEntities }),
      ],
      mountedRoutes: testRoutes,
    });

    const tokyo = await screen.findByText('Tokyo HQ', { selector: 'a' });
    expect(tokyo).toHaveAttribute('href', '/vpp/tokens/ok-1');

    const expectations: Array<[string, string, string]> = [
      ['Tokyo HQ', 'ok', 'green'],
      ['Osaka branch', 'expiring', 'red'],
      ['Nagoya', 'expired', 'red'],
      ['Fukuoka', 'revoked', 'purple'],
      ['Sapporo', 'invalid', 'orange'],
      ['Sendai', 'claimed-elsewhere', 'blue'],
    ];
    for (const [name, status, tone] of expectations) {
      const chip = within(rowOf(name)).getByTestId('vpp-token-status');
      expect(chip).toHaveAttribute('data-status', status);
      expect(chip).toHaveAttribute('data-tone', tone);
    }

    const osaka = within(rowOf('Osaka branch'));
    expect(osaka.getByText('Osaka Branch')).toBeInTheDocument();
    expect(osaka.getByText('2026-07-13')).toBeInTheDocument();
    expect(osaka.getByText('12 days left')).toBeInTheDocument();
    expect(osaka.getByText('Expiring')).toBeInTheDocument();
    expect(
      osaka.getByText('The token expires in 12 days.'),
    ).toBeInTheDocument();
    expect(
      within(rowOf('Nagoya')).getByText('expired 3 days ago'),
    ).toBeInTheDocument();
    expect(
      within(rowOf('Sendai')).getByText('The location is managed by Jamf Pro.'),
    ).toBeInTheDocument();

    // Most urgent first.
    const names = screen
      .getAllByText(/^(Tokyo HQ|Osaka branch|Nagoya)$/, { selector: 'a' })
      .map(link => link.textContent);
    expect(names).toEqual(['Nagoya', 'Osaka branch', 'Tokyo HQ']);

    // The backend health stays visible on the page.
    expect(screen.getByText('VPP backend')).toBeInTheDocument();
    expect(screen.getByText('better-sqlite3')).toBeInTheDocument();
    expect(
      screen.getByText('http://localhost:7010/mdm/v2'),
    ).toBeInTheDocument();
    expect(screen.getByText('Simulator (not Apple)')).toBeInTheDocument();
  });

  it('offers Register and Renew to who may create and update tokens', async () => {
    const vppApi = mockVppApi();
    await renderInTestApp(<TokensPageWithFreshPermissions />, {
      apis: [
        [vppApiRef, vppApi],
        mockApis.permission({ authorize: 'ALLOW' }),
        catalogApiMock({ entities: groupEntities }),
      ],
      mountedRoutes: testRoutes,
    });

    const register = await screen.findByText('Register token', {
      selector: 'button, button *',
    });
    const renew = await screen.findByLabelText('Renew Osaka branch');
    // One Renew per row.
    expect(screen.getAllByLabelText(/^Renew /)).toHaveLength(tokens.length);

    await userEvent.click(renew);
    expect(await screen.findByText('Renew Osaka branch')).toBeInTheDocument();
    expect(
      screen.getByText(/download the new token for Osaka Branch/i),
    ).toBeInTheDocument();

    await userEvent.click(screen.getByText('Cancel'));
    await userEvent.click(register);
    expect(
      await screen.findByText('Register a content token'),
    ).toBeInTheDocument();
  });

  it('disables Register and Renew for who may not create or update tokens, saying why on hover', async () => {
    const vppApi = mockVppApi();
    const permissionApi = mockApis.permission({ authorize: 'DENY' });
    const authorize = jest.spyOn(permissionApi, 'authorize');
    await renderInTestApp(<TokensPageWithFreshPermissions />, {
      apis: [
        [vppApiRef, vppApi],
        permissionApi,
        catalogApiMock({ entities: groupEntities }),
      ],
      mountedRoutes: testRoutes,
    });

    await screen.findByText(
      'Osaka branch',
      { selector: 'a' },
      { timeout: 5000 },
    );
    await waitFor(
      () =>
        expect(authorize).toHaveBeenCalledWith(
          expect.objectContaining({
            permission: expect.objectContaining({ name: 'vpp.token.update' }),
            resourceRef: 'expiring-1',
          }),
        ),
      // Row permission checks start after the table renders; allow for a loaded CI machine.
      { timeout: 5000 },
    );
    expect(authorize).toHaveBeenCalledWith(
      expect.objectContaining({
        permission: expect.objectContaining({ name: 'vpp.token.create' }),
      }),
    );
    await Promise.all(authorize.mock.results.map(result => result.value));
    await waitFor(
      () => {
        expect(
          screen.getByRole('button', { name: 'Register token' }),
        ).toBeDisabled();
        const renews = screen.getAllByLabelText(/^Renew /);
        expect(renews).toHaveLength(tokens.length);
        for (const renew of renews) expect(renew).toBeDisabled();
      },
      { timeout: 5000 },
    );
    const user = userEvent.setup();
    await user.hover(
      screen.getByRole('button', { name: 'Register token' }).parentElement!,
    );
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      'You may not register content tokens (permission vpp.token.create).',
    );
    await user.unhover(
      screen.getByRole('button', { name: 'Register token' }).parentElement!,
    );
    await user.hover(
      screen.getByLabelText('Renew Osaka branch').parentElement!,
    );
    await waitFor(() =>
      expect(screen.getByRole('tooltip')).toHaveTextContent(
        'Only the group that owns this token and administrators can change it (permission vpp.token.update).',
      ),
    );
  });

  it("disables Renew for another team's tokens only", async () => {
    // The permission API answers per token, as the backend's owner rule would.
    await renderInTestApp(<TokensPageWithFreshPermissions />, {
      apis: [
        [vppApiRef, mockVppApi()],
        mockApis.permission({
          authorize: request =>
            request.resourceRef === 'expiring-1' ? 'ALLOW' : 'DENY',
        }),
        catalogApiMock({ entities: groupEntities }),
      ],
      mountedRoutes: testRoutes,
    });
    const osaka = await screen.findByLabelText('Renew Osaka branch');
    await waitFor(() => expect(osaka).toBeEnabled(), { timeout: 5000 });
    await waitFor(() =>
      expect(screen.getByLabelText('Renew Tokyo HQ')).toBeDisabled(),
    );
    expect(screen.getByLabelText('Renew Nagoya')).toBeDisabled();
  });

  it('says how to start when there are no tokens', async () => {
    await renderInTestApp(<TokensPageWithFreshPermissions />, {
      apis: [
        [vppApiRef, mockVppApi([])],
        mockApis.permission(),
        catalogApiMock({ entities: groupEntities }),
      ],
      mountedRoutes: testRoutes,
    });
    expect(
      await screen.findByText('No content tokens yet'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Preferences → Payments and Billing → Apps and Books/),
    ).toBeInTheDocument();
  });

  it('explains when the backend does not answer', async () => {
    const vppApi = {
      getHealth: jest.fn().mockRejectedValue(new Error('connection refused')),
      listTokens: jest.fn().mockRejectedValue(new Error('connection refused')),
    };
    await renderInTestApp(<TokensPageWithFreshPermissions />, {
      apis: [
        [vppApiRef, vppApi],
        mockApis.permission(),
        catalogApiMock({ entities: groupEntities }),
      ],
      mountedRoutes: testRoutes,
    });
    expect(
      await screen.findByText(/The VPP backend did not answer/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/The content tokens could not be loaded/),
    ).toBeInTheDocument();
  });
});
