import { renderInTestApp } from '@backstage/frontend-test-utils';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { vppApiRef } from '../../api';
import {
  groupEntities,
  makeToken,
  responseError,
  testRoutes,
} from '../../testing/fixtures';
import { makeDeviceDetail, makeLicense } from '../../testing/installFixtures';
import { DevicePage } from './DevicePage';

jest.setTimeout(30_000);

function mockApi() {
  const device = makeDeviceDetail();
  return {
    getDevice: jest.fn(async () => device),
    updateDevice: jest.fn(),
    requestDeviceInventory: jest.fn(async () => ({
      requested: 1,
      skipped: [],
    })),
    listTokens: jest.fn(async () => ({
      items: [makeToken({ id: 'tok-1', displayName: 'Tokyo HQ' })],
    })),
    listLicenses: jest.fn(async () => ({
      items: [
        makeLicense(),
        makeLicense({
          adamId: '6450000102',
          mode: 'auto',
          distributionId: 'dist-7',
          assignedBy: 'user:default/hanako',
        }),
      ],
      totalCount: 2,
    })),
    listHistory: jest.fn(async () => ({
      items: [
        {
          id: 'h1',
          occurredAt: '2026-12-02T09:00:00Z',
          actor: 'user:default/admin',
          action: 'device-update',
          outcome: 'succeeded' as const,
          deviceId: 'dev-1',
          details: { fields: 'employeeNumber' },
        },
      ],
      totalCount: 1,
    })),
  };
}

async function render(api: ReturnType<typeof mockApi>) {
  await renderInTestApp(<DevicePage />, {
    apis: [[vppApiRef, api], catalogApiMock({ entities: groupEntities })],
    mountedRoutes: testRoutes,
    mountPath: '/vpp/devices/:deviceId',
    initialRouteEntries: ['/vpp/devices/dev-1'],
  });
}

describe('DevicePage', () => {
  it('shows the facts, installed apps with the fetch date, licenses with how they came, and history', async () => {
    const api = mockApi();
    await render(api);

    expect(await screen.findByTestId('vpp-device-title')).toHaveTextContent(
      'Sales iPhone 01',
    );
    expect(api.getDevice).toHaveBeenCalledWith('dev-1');
    const facts = screen.getByTestId('vpp-device-facts');
    expect(facts).toHaveTextContent('F2LX1234ABCD');
    expect(facts).toHaveTextContent('iOS');
    expect(facts).toHaveTextContent('17.5.1');

    expect(
      screen.getByText(/^Install status fetched \d{4}-/),
    ).toBeInTheDocument();
    expect(screen.getByTestId('vpp-device-apps')).toHaveTextContent(
      'Example Notescom.example.notes3.2.1',
    );

    const licenses = await screen.findByTestId('vpp-device-licenses');
    expect(api.listLicenses).toHaveBeenCalledWith({
      serialNumber: 'F2LX1234ABCD',
      limit: 500,
    });
    expect(licenses).toHaveTextContent('Manual');
    expect(licenses).toHaveTextContent('Automatic (distribution)');
    expect(licenses).toHaveTextContent('Tokyo HQ');

    expect(await screen.findByTestId('vpp-device-history')).toHaveTextContent(
      'device-update',
    );
    expect(api.listHistory).toHaveBeenCalledWith({
      deviceId: 'dev-1',
      limit: 50,
    });
  });

  it('saves changed attributes and shows the backend 400 at the field', async () => {
    const api = mockApi();
    const user = userEvent.setup();
    await render(api);
    await screen.findByTestId('vpp-device-attributes');

    const email = screen.getByLabelText('E-mail');
    await user.clear(email);
    await user.type(email, 'nope');
    api.updateDevice.mockRejectedValueOnce(
      await responseError(
        400,
        'email "nope" is not an e-mail address (expected name@example.com).',
      ),
    );
    await user.click(screen.getByRole('button', { name: 'Save' }));
    const attributes = screen.getByTestId('vpp-device-attributes');
    expect(
      await within(attributes).findByText(
        'email "nope" is not an e-mail address (expected name@example.com).',
      ),
    ).toBeInTheDocument();
    expect(email).toHaveAttribute('aria-invalid', 'true');

    await user.clear(email);
    const employee = screen.getByLabelText('Employee number');
    await user.clear(employee);
    await user.type(employee, 'E7777');
    api.updateDevice.mockImplementationOnce(async (_id, patch) => ({
      ...makeDeviceDetail(),
      ...patch,
    }));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Saved.')).toBeInTheDocument();
    expect(api.updateDevice).toHaveBeenLastCalledWith('dev-1', {
      email: null,
      employeeNumber: 'E7777',
    });
  });

  it('asks the device for its inventory', async () => {
    const api = mockApi();
    const user = userEvent.setup();
    await render(api);
    await user.click(
      await screen.findByRole('button', { name: 'Refresh inventory' }),
    );
    await waitFor(() =>
      expect(api.requestDeviceInventory).toHaveBeenCalledWith(['dev-1']),
    );
    expect(
      await screen.findByText(/The device was asked for its installed apps/),
    ).toBeInTheDocument();
  });
});
