import { renderInTestApp } from '@backstage/frontend-test-utils';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { vppApiRef } from '../api';
import { groupEntities, makeToken } from '../testing/fixtures';
import { makeDevice } from '../testing/installFixtures';
import { VppDevicePickerField } from './VppDevicePickerField';
import { VppTokenPickerField } from './VppTokenPickerField';

jest.setTimeout(30_000);

function fieldProps(onChange: jest.Mock, formData: unknown, extra = {}) {
  return {
    formData,
    onChange,
    schema: { title: 'Devices' },
    uiSchema: {},
    idSchema: { $id: 'root_targets' },
    rawErrors: [],
    required: true,
    formContext: { formData: { platform: 'ios', adamIds: ['6450000101'] } },
    ...extra,
  } as any;
}

describe('VppDevicePickerField', () => {
  const devices = [
    makeDevice({ id: 'd1', serialNumber: 'DMPTK0001', displayName: 'One' }),
    makeDevice({ id: 'd2', serialNumber: 'DMPTK0002', displayName: 'Two' }),
    makeDevice({
      id: 'm1',
      serialNumber: 'C02TK0001',
      displayName: 'Mac',
      platform: 'macos',
    }),
  ];
  const api = {
    listDevices: jest.fn(async () => ({ items: devices, totalCount: 1234 })),
    getAppInstallStatus: jest.fn(),
  };

  it('stores ticked devices as deviceIds and "select all" as the search itself', async () => {
    const onChange = jest.fn();
    const user = userEvent.setup();
    await renderInTestApp(
      <VppDevicePickerField {...fieldProps(onChange, {})} />,
      {
        apis: [
          [vppApiRef, api as any],
          catalogApiMock({ entities: groupEntities }),
        ],
      },
    );
    const rows = await screen.findAllByTestId('vpp-device-row');
    expect(rows).toHaveLength(3);
    // The form starts object fields as {}: no search is stored, nothing is selected.
    expect(screen.getByTestId('vpp-select-all')).not.toHaveClass('Mui-checked');
    expect(screen.getByTestId('vpp-device-summary')).toHaveTextContent(
      'No devices chosen yet.',
    );
    // A Mac is another platform than the form's iOS: marked and not tickable.
    const mac = rows[2];
    expect(mac).toHaveTextContent('Other platform: left out');
    expect(within(mac).getByRole('checkbox')).toBeDisabled();

    await user.click(within(rows[0]).getByRole('checkbox'));
    expect(onChange).toHaveBeenLastCalledWith({ deviceIds: ['d1'] });

    await user.type(screen.getByTestId('vpp-device-search'), 'DMPTK');
    await waitFor(() =>
      expect(api.listDevices).toHaveBeenLastCalledWith(
        expect.objectContaining({ q: 'DMPTK', includeSubgroups: true }),
      ),
    );
    await user.click(
      within(screen.getByTestId('vpp-select-all')).getByRole('checkbox'),
    );
    expect(onChange).toHaveBeenLastCalledWith({
      q: 'DMPTK',
      includeSubgroups: true,
    });
    expect(screen.getByTestId('vpp-device-summary')).toHaveTextContent(
      'All 1234 matching devices are chosen',
    );
  });
});

describe('VppTokenPickerField', () => {
  it('shows unusable tokens disabled with the reason', async () => {
    const api = {
      listTokens: jest.fn(async () => ({
        items: [
          makeToken({ id: 'ok', displayName: 'Tokyo HQ' }),
          makeToken({
            id: 'old',
            displayName: 'Osaka',
            status: 'expired',
            statusReason: 'This token expired on 1 March 2026.',
          }),
        ],
      })),
    };
    const onChange = jest.fn();
    const user = userEvent.setup();
    await renderInTestApp(
      <VppTokenPickerField
        {...fieldProps(onChange, undefined, {
          schema: { title: 'Content token' },
        })}
      />,
      { apis: [[vppApiRef, api as any]] },
    );
    await waitFor(() => expect(api.listTokens).toHaveBeenCalled());
    await user.click(
      await screen.findByRole('combobox', { name: /Content token/ }),
    );
    const options = await screen.findAllByTestId('vpp-token-option');
    expect(options).toHaveLength(2);
    expect(options[1]).toHaveAttribute('aria-disabled', 'true');
    expect(options[1]).toHaveTextContent(
      'Cannot be used: This token expired on 1 March 2026.',
    );
    await user.click(options[0]);
    expect(onChange).toHaveBeenCalledWith('ok');
  });
});
