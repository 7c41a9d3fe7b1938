import { makeDeviceState } from '../../__testUtils__/deviceState';
import { PlannedApp, planDistribution } from './planning';

const app = (adamId: string): PlannedApp => ({
  adamId,
  pricingParam: 'STDQ',
  available: 10,
});

describe('planDistribution', () => {
  it('orders the items device by device, each device’s apps together', () => {
    // The worker installs in rounds of consecutive items: a round must wake each of its
    // devices once, for all their apps.
    const devices = [3, 1, 2].map(n => makeDeviceState(n));
    const { items } = planDistribution({
      devices,
      apps: [app('111'), app('222')],
      platform: 'ios',
      licenseMode: 'auto',
      held: new Set(),
      allowPartial: false,
    });
    const order = items.map(i => `${i.serialNumber}/${i.adamId}`);
    const serials = [1, 2, 3].map(n => makeDeviceState(n).serialNumber);
    expect(order).toEqual(
      serials.flatMap(serial => [`${serial}/111`, `${serial}/222`]),
    );
  });
});
