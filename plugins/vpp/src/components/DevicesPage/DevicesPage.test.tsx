import { renderInTestApp } from '@backstage/frontend-test-utils';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { VppDeviceListQuery } from '@internal/plugin-vpp-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { vppApiRef } from '../../api';
import { testRoutes } from '../../testing/fixtures';
import {
  makeDevice,
  responseErrorWithBody,
} from '../../testing/installFixtures';
import { DevicesPage } from './DevicesPage';

jest.setTimeout(30_000);

const groups = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'tokyo', namespace: 'default', title: 'Tokyo' },
    spec: { type: 'site', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'tokyo-it', namespace: 'default', title: 'Tokyo IT' },
    spec: { type: 'team', parent: 'tokyo', children: [] },
  },
];

const hanako = makeDevice();
const taro = makeDevice({
  id: 'dev-2',
  serialNumber: 'F2LX9999ZZZZ',
  displayName: 'Warehouse iPad',
  employeeNumber: 'E2002',
  platform: 'ipados',
  enrolled: false,
  inventoryAt: null,
});

function mockApi() {
  return {
    listDevices: jest.fn(async (query: VppDeviceListQuery = {}) => {
      const items = [hanako, taro].filter(
        d =>
          (!query.value ||
            String(d[query.field as keyof typeof d] ?? '').includes(
              query.value,
            )) &&
          (!query.q || JSON.stringify(d).includes(query.q)),
      );
      return { items, totalCount: items.length };
    }),
    importDevices: jest.fn(),
  };
}

async function render(api: ReturnType<typeof mockApi>) {
  await renderInTestApp(<DevicesPage />, {
    apis: [[vppApiRef, api], catalogApiMock({ entities: groups })],
    mountedRoutes: testRoutes,
    mountPath: '/vpp/devices',
    initialRouteEntries: ['/vpp/devices'],
  });
}

describe('DevicesPage', () => {
  it('lists devices, searches one field, filters by group with subgroups and sorts on the server', async () => {
    const api = mockApi();
    const user = userEvent.setup();
    await render(api);

    expect(await screen.findByText('Sales iPhone 01')).toHaveAttribute(
      'href',
      '/vpp/devices/dev-1',
    );
    expect(screen.getByText('Warehouse iPad')).toBeInTheDocument();
    expect(screen.getByText('No inventory yet')).toBeInTheDocument();
    expect(api.listDevices).toHaveBeenLastCalledWith({
      sort: 'displayName',
      order: 'asc',
      offset: 0,
      limit: 50,
    });

    await user.selectOptions(
      screen.getByLabelText('Search in'),
      'Employee number',
    );
    await user.type(screen.getByLabelText('Search'), 'E2002');
    await waitFor(() =>
      expect(api.listDevices).toHaveBeenLastCalledWith(
        expect.objectContaining({ field: 'employeeNumber', value: 'E2002' }),
      ),
    );
    await waitFor(() =>
      expect(screen.queryByText('Sales iPhone 01')).not.toBeInTheDocument(),
    );

    // The tree nests Tokyo IT under Tokyo; subgroups are included by default.
    const tree = screen.getByTestId('vpp-group-tree');
    await user.click(within(tree).getByText('Tokyo'));
    await waitFor(() =>
      expect(api.listDevices).toHaveBeenLastCalledWith(
        expect.objectContaining({
          group: 'group:default/tokyo',
          includeSubgroups: true,
        }),
      ),
    );
    await user.click(within(tree).getByLabelText('Include subgroups'));
    await waitFor(() =>
      expect(api.listDevices).toHaveBeenLastCalledWith(
        expect.objectContaining({ includeSubgroups: false }),
      ),
    );

    await user.click(screen.getByRole('button', { name: 'Serial number' }));
    await waitFor(() =>
      expect(api.listDevices).toHaveBeenLastCalledWith(
        expect.objectContaining({ sort: 'serialNumber', order: 'asc' }),
      ),
    );
  });

  it('says what to do when there are no devices', async () => {
    const api = mockApi();
    api.listDevices.mockResolvedValue({ items: [], totalCount: 0 });
    await render(api);
    expect(await screen.findByTestId('vpp-devices-empty')).toHaveTextContent(
      'enrol in the MDM server',
    );
  });

  it('previews a CSV import, shows each bad row and its reason, and imports only a clean file', async () => {
    const api = mockApi();
    const user = userEvent.setup();
    await render(api);
    await screen.findByText('Sales iPhone 01');

    await user.click(screen.getByRole('button', { name: 'Import CSV' }));
    const csv = screen.getByTestId('vpp-import-csv');
    api.importDevices.mockRejectedValueOnce(
      await responseErrorWithBody(400, {
        error: { name: 'InputError', message: '1 row is wrong.' },
        response: { statusCode: 400 },
        rows: [
          {
            line: 3,
            reason: 'email "nope" is not an e-mail address.',
          },
        ],
      }),
    );
    await user.click(csv);
    await user.paste(
      'serialNumber,email\nF2LX1234ABCD,hanako@example.com\nF2LX9999ZZZZ,nope',
    );
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    const bad = await screen.findByTestId('vpp-import-bad-rows');
    expect(bad).toHaveTextContent('1 row is wrong — nothing will be imported');
    expect(within(bad).getByTestId('vpp-import-bad-row')).toHaveTextContent(
      '3email "nope" is not an e-mail address.',
    );
    expect(api.importDevices).toHaveBeenCalledWith({
      csv: expect.stringContaining('nope'),
      dryRun: true,
    });
    expect(screen.getByRole('button', { name: 'Import' })).toBeDisabled();

    // Fixed: the preview says what changes, and only then can it be imported.
    await user.clear(csv);
    await user.paste('serialNumber,email\nF2LX9999ZZZZ,taro@example.com');
    api.importDevices.mockResolvedValueOnce({
      dryRun: true,
      updated: 1,
      rows: 1,
      changes: [
        {
          line: 2,
          deviceId: 'dev-2',
          udid: taro.udid,
          serialNumber: taro.serialNumber,
          changes: { email: 'taro@example.com' },
        },
      ],
    });
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    expect(await screen.findByTestId('vpp-import-preview')).toHaveTextContent(
      'email: taro@example.com',
    );
    api.importDevices.mockResolvedValueOnce({
      dryRun: false,
      updated: 1,
      rows: 1,
    });
    await user.click(screen.getByRole('button', { name: 'Import' }));
    expect(
      await screen.findByText('Imported 1 rows: 1 devices changed.'),
    ).toBeInTheDocument();
    expect(api.importDevices).toHaveBeenLastCalledWith({
      csv: 'serialNumber,email\nF2LX9999ZZZZ,taro@example.com',
      dryRun: false,
    });
  });
});
