import { renderInTestApp } from '@backstage/frontend-test-utils';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { VppDeviceListQuery } from '@internal/plugin-vpp-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { vppApiRef } from '../../api';
import {
  groupEntities,
  makeAsset,
  makeToken,
  testRoutes,
} from '../../testing/fixtures';
import { makeDevice } from '../../testing/installFixtures';
import { AppInstallStatusPage } from './AppInstallStatusPage';

jest.setTimeout(30_000);

function mockApi() {
  return {
    getToken: jest.fn(async () =>
      makeToken({ id: 'tok-1', displayName: 'Tokyo HQ' }),
    ),
    listAssets: jest.fn(async () => ({
      items: [makeAsset()],
      totalCount: 1,
    })),
    getAppInstallStatus: jest.fn(async () => ({
      adamId: '6450000101',
      bundleId: 'com.example.notes',
      noInventory: 2,
      notInstalled: 3,
      installed: 5,
      versions: [
        { version: '3.2.1', count: 4 },
        { version: '3.1.0', count: 1 },
      ],
    })),
    listDevices: jest.fn(async (query: VppDeviceListQuery) => ({
      items:
        query.version === '3.1.0'
          ? [makeDevice({ id: 'dev-old', displayName: 'Old iPhone' })]
          : [makeDevice()],
      totalCount: 1,
    })),
  };
}

describe('AppInstallStatusPage', () => {
  it('shows the app, its licenses, devices per install state and version, and opens the install template with the search', async () => {
    const api = mockApi();
    const user = userEvent.setup();
    await renderInTestApp(<AppInstallStatusPage />, {
      apis: [[vppApiRef, api], catalogApiMock({ entities: groupEntities })],
      mountedRoutes: testRoutes,
      mountPath: '/vpp/tokens/:tokenId/apps/:adamId',
      initialRouteEntries: ['/vpp/tokens/tok-1/apps/6450000101'],
    });

    expect(
      await screen.findByTestId('vpp-install-status-title'),
    ).toHaveTextContent('Example Notes');
    expect(screen.getByTestId('vpp-install-status-licenses')).toHaveTextContent(
      '50 in total · 12 assigned · 38 available',
    );
    expect(await screen.findByText('Back to Tokyo HQ')).toBeInTheDocument();

    const count = (id: string) =>
      within(screen.getByTestId(`vpp-install-state-${id}`)).getByTestId(
        'vpp-install-state-count',
      );
    await waitFor(() => expect(count('any')).toHaveTextContent('10'));
    expect(count('no-inventory')).toHaveTextContent('2');
    expect(count('not-installed')).toHaveTextContent('3');
    expect(count('installed')).toHaveTextContent('5');
    expect(count('version-3.2.1')).toHaveTextContent('4');
    expect(count('version-3.1.0')).toHaveTextContent('1');

    await user.click(screen.getByTestId('vpp-install-state-version-3.1.0'));
    expect(await screen.findByText('Old iPhone')).toBeInTheDocument();
    expect(api.listDevices).toHaveBeenLastCalledWith(
      expect.objectContaining({
        adamId: '6450000101',
        installState: 'installed',
        version: '3.1.0',
      }),
    );

    await user.type(
      screen.getByLabelText('Install status fetched before'),
      '2026-11-30',
    );
    await waitFor(() =>
      expect(api.listDevices).toHaveBeenLastCalledWith(
        expect.objectContaining({ inventoryBefore: '2026-11-30' }),
      ),
    );

    const install = screen.getByTestId('vpp-install-on-devices');
    const url = new URL(install.getAttribute('href')!, 'http://localhost');
    expect(url.pathname).toBe(
      '/create/templates/default/vpp-install-from-status',
    );
    // The flow-2 template's own parameter names.
    expect(JSON.parse(url.searchParams.get('formData')!)).toEqual({
      token: 'tok-1',
      adamIds: ['6450000101'],
      targets: {
        adamId: '6450000101',
        installState: 'installed',
        version: '3.1.0',
        inventoryBefore: '2026-11-30',
      },
    });
  });
});
