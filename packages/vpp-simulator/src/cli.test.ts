import { parseCliArgs } from './cli';

describe('parseCliArgs', () => {
  it('reads the NanoMDM flags', () => {
    const options = parseCliArgs([
      '--nanomdm-api-key',
      'k',
      '--webhook-url',
      'http://127.0.0.1:7007/api/vpp/mdm/webhook',
      '--webhook-secret',
      's',
      '--devices',
      '100000',
      '--device-seed',
      '7',
      '--enroll-devices',
      '--push-delay-ms',
      '0',
      '--not-now-rate',
      '0.1',
    ]);
    expect(options.enrollDevices).toBe(true);
    expect(options.mdm).toMatchObject({
      apiKey: 'k',
      webhookUrl: 'http://127.0.0.1:7007/api/vpp/mdm/webhook',
      webhookPassword: 's',
      devices: { generate: 100000, seed: 7 },
      switches: { pushDelayMs: 0, notNowRate: 0.1 },
    });
  });

  it('leaves the MDM defaults alone without flags, and rejects bad numbers', () => {
    const options = parseCliArgs([]);
    expect(options.enrollDevices).toBe(false);
    expect(options.mdm?.devices).toBeUndefined();
    expect(options.mdm?.switches).toEqual({
      pushDelayMs: undefined,
      installTimeMs: undefined,
      notNowRate: undefined,
      duplicateEventRate: undefined,
      outOfOrderRate: undefined,
    });
    expect(() => parseCliArgs(['--devices', 'many'])).toThrow(
      /--devices needs a non-negative number/,
    );
  });
});
