import { renderInTestApp } from '@backstage/frontend-test-utils';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { VppLicenseChangeRequest } from '@internal/plugin-vpp-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { vppApiRef } from '../../api';
import { groupEntities, makeToken, testRoutes } from '../../testing/fixtures';
import { makeDevice, makeLicense } from '../../testing/installFixtures';
import { LicensesPage } from './LicensesPage';

jest.setTimeout(30_000);

function changeResult(request: VppLicenseChangeRequest) {
  return {
    tokenId: request.tokenId,
    action: 'revoke' as const,
    dryRun: !!request.dryRun,
    appleRequests: [
      { adamIds: request.adamIds, serialNumbers: request.serials },
    ],
    apps: [],
    succeeded: request.dryRun
      ? []
      : [{ adamId: request.adamIds[0], serialNumber: request.serials[0] }],
    failed: [],
    skipped: [],
    pending: [],
    message: request.dryRun
      ? 'Apple would be asked to revoke 1 license.'
      : 'Revoked 1 license.',
  };
}

function mockApi() {
  return {
    listTokens: jest.fn(async () => ({
      items: [makeToken({ id: 'tok-1', displayName: 'Tokyo HQ' })],
    })),
    listLicenses: jest.fn(async () => ({
      items: [
        makeLicense({ mode: 'auto', distributionId: 'dist-7' }),
        makeLicense({
          adamId: '6450000102',
          serialNumber: 'C02UNMANAGED',
          mode: 'pre-existing',
          assignedBy: undefined,
          assignedAt: undefined,
        }),
      ],
      totalCount: 2,
    })),
    listDevices: jest.fn(async (query: { value?: string }) => ({
      items: query.value === 'F2LX1234ABCD' ? [makeDevice()] : [],
      totalCount: query.value === 'F2LX1234ABCD' ? 1 : 0,
    })),
    revokeLicenses: jest.fn(async (request: VppLicenseChangeRequest) =>
      changeResult(request),
    ),
    assignLicenses: jest.fn(),
    listLicenseOrphans: jest.fn(async () => ({
      tokenId: 'tok-1',
      comparedWith: '2026-12-01T00:00:00Z',
      notAtApple: {
        items: [makeLicense({ serialNumber: 'GONE0001' })],
        totalCount: 1,
      },
      unmanagedSerials: {
        checked: true,
        items: [
          makeLicense({
            serialNumber: 'C02UNMANAGED',
            mode: 'pre-existing',
          }),
        ],
        totalCount: 1,
      },
    })),
  };
}

async function render(api: ReturnType<typeof mockApi>) {
  await renderInTestApp(<LicensesPage />, {
    apis: [[vppApiRef, api], catalogApiMock({ entities: groupEntities })],
    mountedRoutes: testRoutes,
    mountPath: '/vpp/licenses',
    initialRouteEntries: ['/vpp/licenses'],
  });
}

describe('LicensesPage', () => {
  it('lists the ledger with token, device and how each license came, and revokes after saying what Apple will be asked', async () => {
    const api = mockApi();
    const user = userEvent.setup();
    await render(api);

    const rows = await screen.findAllByTestId('vpp-license-row');
    expect(rows[0]).toHaveTextContent('Tokyo HQ');
    expect(rows[0]).toHaveTextContent('Automatic (distribution)');
    expect(rows[0]).toHaveTextContent('Distribution dist-7');
    expect(await within(rows[0]).findByText('Sales iPhone 01')).toHaveAttribute(
      'href',
      '/vpp/devices/dev-1',
    );
    expect(rows[1]).toHaveTextContent('Pre-existing');
    expect(
      await within(rows[1]).findByText('Not a managed device'),
    ).toBeInTheDocument();

    await user.selectOptions(screen.getByLabelText('Assigned by'), 'Manual');
    await waitFor(() =>
      expect(api.listLicenses).toHaveBeenLastCalledWith(
        expect.objectContaining({ mode: 'manual', offset: 0, limit: 25 }),
      ),
    );

    await user.click(within(rows[0]).getByTestId('vpp-license-revoke'));
    const plan = await screen.findByTestId('vpp-license-plan');
    expect(plan).toHaveTextContent('Apple will be asked to revoke:');
    expect(plan).toHaveTextContent(
      'POST /assets/disassociate — apps 6450000101 for serial numbers F2LX1234ABCD',
    );
    expect(api.revokeLicenses).toHaveBeenCalledWith({
      tokenId: 'tok-1',
      adamIds: ['6450000101'],
      serials: ['F2LX1234ABCD'],
      dryRun: true,
    });
    await user.click(screen.getByTestId('vpp-license-confirm'));
    expect(await screen.findByTestId('vpp-license-result')).toHaveTextContent(
      'Revoked 1 license.',
    );
    expect(api.revokeLicenses).toHaveBeenLastCalledWith(
      expect.objectContaining({ dryRun: false }),
    );
  });

  it('shows both kinds of orphan of a token with a way to reclaim', async () => {
    const api = mockApi();
    const user = userEvent.setup();
    await render(api);
    await user.click(await screen.findByTestId('vpp-licenses-orphans-tab'));
    expect(
      screen.getByText(/Choose a token to compare its licenses/),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.getByLabelText('Token')).toHaveTextContent('Tokyo HQ'),
    );
    await user.selectOptions(screen.getByLabelText('Token'), 'Tokyo HQ');
    const notAtApple = await screen.findByTestId('vpp-orphans-notAtApple');
    expect(notAtApple).toHaveTextContent('In the ledger but not at Apple (1)');
    expect(notAtApple).toHaveTextContent('GONE0001');
    const unmanaged = screen.getByTestId('vpp-orphans-unmanagedSerials');
    expect(unmanaged).toHaveTextContent('C02UNMANAGED');
    await user.click(
      within(unmanaged).getByRole('button', { name: 'Reclaim' }),
    );
    expect(await screen.findByTestId('vpp-license-plan')).toHaveTextContent(
      'C02UNMANAGED',
    );
  });
});
