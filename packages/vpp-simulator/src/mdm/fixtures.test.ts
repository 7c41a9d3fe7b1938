import fs from 'node:fs';
import path from 'node:path';
import plist from 'plist';
import { defaultFixture } from '../fixtures';
import { SimulatorState } from '../state';
import { compareVersions } from './deviceBehaviour';
import { defaultDevices, generateDevices } from './fixtures';
import { MdmState } from './mdmState';
import { devicePlist } from './payloads';
import { commandPlist } from './testUtils';

/** Group names of the example organisation (examples/org.yaml). */
function exampleGroups(): string[] {
  const org = fs.readFileSync(
    path.resolve(__dirname, '../../../../examples/org.yaml'),
    'utf8',
  );
  return [...org.matchAll(/kind: Group\s*\nmetadata:\s*\n\s+name: (\S+)/g)].map(
    match => match[1],
  );
}

describe('device fixtures', () => {
  it('has iPhones, iPads and Macs with unique ids in the example groups', () => {
    const groups = exampleGroups();
    expect(groups).toContain('tokyo-it');
    expect(defaultDevices.length).toBeGreaterThanOrEqual(30);
    expect(new Set(defaultDevices.map(d => d.udid)).size).toBe(
      defaultDevices.length,
    );
    expect(new Set(defaultDevices.map(d => d.serialNumber)).size).toBe(
      defaultDevices.length,
    );
    expect(new Set(defaultDevices.map(d => d.platform))).toEqual(
      new Set(['ios', 'ipados', 'macos']),
    );
    const usedGroups = defaultDevices
      .map(device => device.group)
      .filter(group => group !== undefined);
    expect(groups).toEqual(expect.arrayContaining([...new Set(usedGroups)]));
    for (const device of defaultDevices) {
      expect(device.wifiMac).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
    }
    expect(defaultDevices.some(d => d.group === undefined)).toBe(true);
  });

  it('includes an iOS 13 device and devices below some catalog app’s minimum OS', () => {
    expect(
      defaultDevices.some(
        d => d.platform === 'ios' && d.osVersion.startsWith('13.'),
      ),
    ).toBe(true);
    const tooOld = (platform: 'iOS' | 'macOS') =>
      defaultDevices.filter(device =>
        defaultFixture.catalog.some(
          item =>
            item.platforms.includes(platform) &&
            (platform === 'macOS') === (device.platform === 'macos') &&
            item.minimumOsVersion !== undefined &&
            compareVersions(device.osVersion, item.minimumOsVersion) < 0,
        ),
      );
    expect(tooOld('iOS').length).toBeGreaterThanOrEqual(2);
    expect(tooOld('macOS').length).toBeGreaterThanOrEqual(1);
  });

  it('shares serial numbers with the Apple fixture, so some devices hold licenses', () => {
    const state = new SimulatorState(defaultFixture);
    expect(state.holdsDeviceLicense('6450000101', 'DMPTK0001')).toBe(true);
    expect(state.holdsDeviceLicense('6450000101', 'DMPTK0005')).toBe(false);
    state.dispose();
  });
});

describe('generateDevices', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = generateDevices({ count: 500, seed: 42 });
    const b = generateDevices({ count: 500, seed: 42 });
    const c = generateDevices({ count: 500, seed: 43 });
    expect(a).toEqual(b);
    expect(a.map(d => d.udid)).not.toEqual(c.map(d => d.udid));
    expect(new Set(a.map(d => d.udid)).size).toBe(500);
    expect(new Set(a.map(d => d.platform))).toEqual(
      new Set(['ios', 'ipados', 'macos']),
    );
  });

  it('makes 100,000 devices quickly, with unique serials and UDIDs', () => {
    const started = Date.now();
    const devices = generateDevices({ count: 100_000 });
    // A generous bound: it guards against accidentally quadratic work, not a benchmark.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(new Set(devices.map(d => d.serialNumber)).size).toBe(100_000);
    expect(new Set(devices.map(d => d.udid)).size).toBe(100_000);
  }, 30_000);

  it('100,000 generated devices check in after one push without per-device timers', async () => {
    const apple = new SimulatorState(defaultFixture);
    const mdm = new MdmState(apple, {
      devices: { generate: 100_000, seed: 3 },
      switches: { pushDelayMs: 0 },
    });
    const ids = [...mdm.devices.all()].map(device => device.udid);
    const enqueued = mdm.enqueue(
      ids,
      commandPlist('DeviceInformation', { Queries: ['OSVersion'] }, 'all-1'),
      false,
    );
    expect(enqueued.status).toBe(200);
    await mdm.idle();
    expect(mdm.queues.totalQueued()).toBe(0);
    expect(mdm.commandLog.list(ids[99_999])[0].status).toBe('Acknowledged');
    mdm.dispose();
    apple.dispose();
  }, 60_000);
});

describe('devicePlist', () => {
  it('writes plists the plist library reads back, keys sorted, text escaped', () => {
    const value = {
      Status: 'Acknowledged',
      CommandUUID: 'a<b>&c',
      Number: 3,
      Ratio: 0.5,
      Yes: true,
      No: false,
      Data: Buffer.from('token'),
      Empty: [],
      EmptyDict: {},
      List: [{ B: 'x', A: 1 }],
    };
    const text = devicePlist(value);
    expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(
      true,
    );
    expect(text.indexOf('<key>CommandUUID</key>')).toBeLessThan(
      text.indexOf('<key>Status</key>'),
    );
    expect(plist.parse(text)).toEqual(value);
  });
});
