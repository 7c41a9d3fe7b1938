import { renderInTestApp } from '@backstage/frontend-test-utils';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { VppAppConfig, VppAppConfigRequest } from '@internal/plugin-vpp-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { vppApiRef } from '../../api';
import {
  groupEntities,
  responseError,
  testRoutes,
} from '../../testing/fixtures';
import { SettingsPage } from './SettingsPage';

jest.setTimeout(30_000);

const notesConfig: VppAppConfig = {
  id: 'cfg-1',
  name: 'Notes — Tokyo',
  adamId: '6450000101',
  values: { serverUrl: 'https://notes.example.com', retries: 3 },
  description: 'Server of the Tokyo office',
  createdBy: 'user:default/admin',
  createdAt: '2026-12-01T00:00:00Z',
  updatedBy: 'user:default/admin',
  updatedAt: '2026-12-01T00:00:00Z',
};

function mockApi() {
  return {
    listAppConfigs: jest.fn(async () => ({
      items: [notesConfig],
      totalCount: 1,
    })),
    listVpnConfigs: jest.fn(async () => ({ items: [], totalCount: 0 })),
    createAppConfig: jest.fn(async (request: VppAppConfigRequest) => ({
      ...notesConfig,
      id: 'cfg-2',
      name: request.name,
      values: request.values ?? {},
    })),
    updateAppConfig: jest.fn(),
    deleteAppConfig: jest.fn(),
    createVpnConfig: jest.fn(),
    deleteVpnConfig: jest.fn(),
  };
}

async function render(api: ReturnType<typeof mockApi>) {
  await renderInTestApp(<SettingsPage />, {
    apis: [[vppApiRef, api], catalogApiMock({ entities: groupEntities })],
    mountedRoutes: testRoutes,
    mountPath: '/vpp/settings',
    initialRouteEntries: ['/vpp/settings'],
  });
}

describe('SettingsPage', () => {
  it('lists app configurations and creates one with nested values, showing the backend 400 at the values', async () => {
    const api = mockApi();
    const user = userEvent.setup();
    await render(api);
    const row = await screen.findByTestId('vpp-app-config-row');
    expect(row).toHaveTextContent('Notes — Tokyo');
    expect(row).toHaveTextContent('serverUrl, retries');

    await user.click(screen.getByTestId('vpp-setting-create'));
    await user.type(screen.getByLabelText(/^Name/), 'Survey');
    await user.type(screen.getByLabelText('App (Adam ID)'), '6450000102');
    await user.type(screen.getByTestId('vpp-value-key'), 'server');
    await user.selectOptions(
      screen.getByLabelText('Type'),
      'Dictionary or array (JSON)',
    );
    fireEvent.change(screen.getByTestId('vpp-value-text'), {
      target: { value: '{"url": "https://s.example.com", "ports": [443]}' },
    });

    api.createAppConfig.mockRejectedValueOnce(
      await responseError(
        400,
        'Key "server.ports[0]": a plist cannot hold this value.',
      ),
    );
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(
      await screen.findByTestId('vpp-app-config-values-error'),
    ).toHaveTextContent(
      'Key "server.ports[0]": a plist cannot hold this value.',
    );
    expect(api.createAppConfig).toHaveBeenCalledWith({
      name: 'Survey',
      adamId: '6450000102',
      bundleId: undefined,
      description: '',
      values: { server: { url: 'https://s.example.com', ports: [443] } },
    });

    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Saved "Survey".')).toBeInTheDocument();
  });

  it('shows a conflict (409) at the name and above the form, and the plist sentences at the values', async () => {
    const api = mockApi();
    const user = userEvent.setup();
    await render(api);
    await user.click(await screen.findByTestId('vpp-setting-create'));
    await user.type(screen.getByLabelText(/^Name/), 'Notes — Tokyo');
    await user.type(screen.getByTestId('vpp-value-key'), 'server');
    await user.type(screen.getByTestId('vpp-value-text'), 'a');

    const message =
      'name "Notes — Tokyo" is already used. plist: the value is too large. Key "server": too long.';
    api.createAppConfig.mockRejectedValueOnce(
      await responseError(409, message),
    );
    await user.click(screen.getByRole('button', { name: 'Save' }));
    const dialog = screen.getByRole('dialog');
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(message);
    expect(
      within(dialog).getByText('name "Notes — Tokyo" is already used.'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('vpp-app-config-values-error')).toHaveTextContent(
      'plist: the value is too large. Key "server": too long.',
    );
  });

  it('shows a VPN setting refused (400) at its fields, the sentences naming none above the form, and another failure whole', async () => {
    const api = mockApi();
    const user = userEvent.setup();
    await render(api);
    await user.click(await screen.findByRole('tab', { name: 'VPN settings' }));
    await user.click(await screen.findByTestId('vpp-setting-create'));
    await user.type(screen.getByLabelText(/^Name/), 'Tokyo VPN');
    await user.type(screen.getByLabelText(/^VPN UUID/), 'not-a-uuid');

    api.createVpnConfig.mockRejectedValueOnce(
      await responseError(
        400,
        'vpnUuid must be a UUID. The request was refused.',
      ),
    );
    await user.click(screen.getByRole('button', { name: 'Save' }));
    const dialog = screen.getByRole('dialog');
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      /^The request was refused\.$/,
    );
    expect(
      within(dialog).getByText('vpnUuid must be a UUID.'),
    ).toBeInTheDocument();
    expect(api.createVpnConfig).toHaveBeenCalledWith({
      name: 'Tokyo VPN',
      vpnUuid: 'not-a-uuid',
      platforms: ['ios'],
      description: '',
    });

    api.createVpnConfig.mockRejectedValueOnce(new Error('Network down'));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(within(dialog).getByRole('alert')).toHaveTextContent(
        /^Network down$/,
      ),
    );
    expect(
      within(dialog).queryByText('vpnUuid must be a UUID.'),
    ).not.toBeInTheDocument();
  });

  it('accepts a pasted plist and shows the 409 when a setting in use is deleted', async () => {
    const api = mockApi();
    const user = userEvent.setup();
    await render(api);
    await screen.findByTestId('vpp-app-config-row');

    await user.click(screen.getByTestId('vpp-setting-create'));
    await user.type(screen.getByLabelText(/^Name/), 'Pasted');
    await user.click(
      screen.getByRole('button', { name: 'Paste JSON or plist' }),
    );
    fireEvent.change(
      screen.getByLabelText('JSON object or property list XML'),
      {
        target: { value: '<dict><key>a</key><integer>1</integer></dict>' },
      },
    );
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(api.createAppConfig).toHaveBeenCalledWith(
        expect.objectContaining({
          name: 'Pasted',
          plist: '<dict><key>a</key><integer>1</integer></dict>',
        }),
      ),
    );

    const row = await screen.findByTestId('vpp-app-config-row');
    await user.click(within(row).getByRole('button', { name: 'Delete' }));
    api.deleteAppConfig.mockRejectedValueOnce(
      await responseError(
        409,
        'Notes — Tokyo is used by the scheduled distribution dist-3.',
      ),
    );
    const dialog = screen.getByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    expect(
      await screen.findByTestId('vpp-setting-delete-error'),
    ).toHaveTextContent('used by the scheduled distribution dist-3');
  });

  it('says what to do when there are no VPN settings yet', async () => {
    const api = mockApi();
    const user = userEvent.setup();
    await render(api);
    await user.click(await screen.findByRole('tab', { name: 'VPN settings' }));
    expect(await screen.findByTestId('vpp-settings-empty')).toHaveTextContent(
      'VPNUUID',
    );
  });
});
