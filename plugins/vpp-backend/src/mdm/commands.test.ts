import plist from 'plist';
import type { MdmAppInstall } from '@internal/plugin-vpp-node';
import {
  DEVICE_INFORMATION_QUERIES,
  deviceInformationCommand,
  installApplicationCommand,
  installedApplicationListCommand,
  managedApplicationListCommand,
  MdmCommandDevice,
  MdmCommandInputError,
  removeApplicationCommand,
} from './commands';
import {
  checkCommandPlist,
  loadAppleCommandSchemas,
} from './__testUtils__/appleSchema';

const UUID = '3c1f2b9a-8f7e-4d6c-9b5a-2e1d0c9b8a7f';

const DEVICES: MdmCommandDevice[] = [
  { platform: 'ios', osVersion: '8.4' },
  { platform: 'ios', osVersion: '13.7' },
  { platform: 'ios', osVersion: '14.0' },
  { platform: 'ios', osVersion: '17.4.1' },
  { platform: 'ios' },
  { platform: 'ipados', osVersion: '13.1' },
  { platform: 'ipados', osVersion: '16.6' },
  { platform: 'macos', osVersion: '10.15.7' },
  { platform: 'macos', osVersion: '11.0' },
  { platform: 'macos', osVersion: '14.5' },
  { platform: 'macos' },
  { platform: 'tvos', osVersion: '13.4' },
  { platform: 'tvos', osVersion: '17.0' },
];

function command(xml: string): Record<string, any> {
  return (plist.parse(xml) as Record<string, any>).Command;
}

function* installOptions(): Generator<MdmAppInstall> {
  for (const platform of ['ios', 'macos'] as const)
    for (const removeWithMdmProfile of [false, true])
      for (const preventBackup of [false, true])
        for (const removable of [undefined, true, false])
          for (const configuration of [
            undefined,
            {
              serverUrl: 'https://example.com',
              retries: 3,
              ratio: 0.5,
              enabled: true,
              since: new Date('2026-01-01T00:00:00Z'),
              tags: ['a', 'b'],
              nested: { level: 2 },
            },
          ])
            for (const vpnUuid of [
              undefined,
              '9f1d2c3b-4a5e-4f60-8a7b-1c2d3e4f5a6b',
            ])
              yield {
                adamId: '361309726',
                bundleId: 'com.example.app',
                platform,
                removeWithMdmProfile,
                preventBackup,
                removable,
                configuration,
                vpnUuid,
              };
}

describe('Apple schema checker', () => {
  it('loads the command schemas copied from apple/device-management', () => {
    expect([...loadAppleCommandSchemas().keys()]).toEqual(
      expect.arrayContaining([
        'InstallApplication',
        'RemoveApplication',
        'InstalledApplicationList',
        'ManagedApplicationList',
        'DeviceInformation',
      ]),
    );
  });

  const build = (cmd: Record<string, unknown>, uuid: unknown = UUID) =>
    plist.build({ CommandUUID: uuid, Command: cmd } as any);

  it.each([
    [
      'an unknown key',
      build({ RequestType: 'RemoveApplication', Identifier: 'a', Bogus: 1 }),
      'Command.Bogus: unknown key',
    ],
    [
      'a wrong type',
      build({ RequestType: 'InstallApplication', iTunesStoreID: '361309726' }),
      'Command.iTunesStoreID: expected <integer>, got <string>',
    ],
    [
      'a real where an integer belongs',
      build({ RequestType: 'InstallApplication', iTunesStoreID: 1.5 }),
      'Command.iTunesStoreID: expected <integer>, got <real>',
    ],
    [
      'a missing required key',
      build({ RequestType: 'RemoveApplication' }),
      'Command.Identifier: required key missing',
    ],
    [
      'a value outside the range list',
      build({ RequestType: 'InstallApplication', ManagementFlags: 0 }),
      'Command.ManagementFlags: 0 is not one of [1,4,5]',
    ],
    [
      'an unknown subkey',
      build({ RequestType: 'InstallApplication', Options: { Purchase: 1 } }),
      'Command.Options.Purchase: unknown key',
    ],
    [
      'an unknown query',
      build({ RequestType: 'DeviceInformation', Queries: ['Colour'] }),
      'Command.Queries[0]: "Colour" is not an allowed value',
    ],
    [
      'a missing CommandUUID',
      build({ RequestType: 'RemoveApplication', Identifier: 'a' }, ''),
      'CommandUUID: required non-empty string missing',
    ],
    [
      'an unknown request type',
      build({ RequestType: 'EraseDevice' }),
      'Command.RequestType: no schema for EraseDevice',
    ],
  ])('fails on %s', (_, xml, problem) => {
    expect(checkCommandPlist(xml)).toContain(problem);
  });

  it('fails on keys the device OS does not have', () => {
    const xml = build({
      RequestType: 'InstallApplication',
      iTunesStoreID: 1,
      InstallAsManaged: true,
      Attributes: { Removable: false },
    });
    expect(
      checkCommandPlist(xml, { platform: 'ios', osVersion: '13.0' }),
    ).toEqual([
      'Command.InstallAsManaged: not available on iOS 13.0',
      'Command.Attributes.Removable: needs 14.0, device has iOS 13.0',
    ]);
    expect(
      checkCommandPlist(xml, { platform: 'macos', osVersion: '14.0' }),
    ).toContain('Command.Attributes: not available on macOS 14.0');
  });
});

describe('InstallApplication', () => {
  const combinations = [...installOptions()];

  it('is valid for every option combination on every kind of device', () => {
    expect(combinations).toHaveLength(96);
    const failures: string[] = [];
    for (const app of combinations) {
      for (const device of DEVICES) {
        const problems = checkCommandPlist(
          installApplicationCommand(UUID, app, device),
          device,
        );
        if (problems.length) {
          failures.push(
            `${JSON.stringify({ app, device })}: ${problems.join('; ')}`,
          );
        }
      }
    }
    expect(failures).toEqual([]);
  });

  const app: MdmAppInstall = {
    adamId: '361309726',
    platform: 'ios',
    removeWithMdmProfile: true,
    preventBackup: true,
    removable: false,
    configuration: { serverUrl: 'https://example.com' },
    vpnUuid: 'vpn-1',
  };

  it('carries every R-MDM-2 option on iOS 14+', () => {
    const xml = installApplicationCommand(UUID, app, {
      platform: 'ios',
      osVersion: '17.4',
    });
    expect(xml).toContain('<integer>361309726</integer>');
    expect(plist.parse(xml)).toEqual({
      CommandUUID: UUID,
      Command: {
        RequestType: 'InstallApplication',
        iTunesStoreID: 361309726,
        Options: { PurchaseMethod: 1 },
        ManagementFlags: 5,
        ChangeManagementState: 'Managed',
        Configuration: { serverUrl: 'https://example.com' },
        Attributes: { VPNUUID: 'vpn-1', Removable: false },
      },
    });
  });

  it.each([
    [false, false, undefined],
    [true, false, 1],
    [false, true, 4],
    [true, true, 5],
  ])(
    'sums ManagementFlags (remove with profile %s, prevent backup %s) to %s',
    (removeWithMdmProfile, preventBackup, flags) => {
      const cmd = command(
        installApplicationCommand(
          UUID,
          { ...app, removeWithMdmProfile, preventBackup },
          { platform: 'ios', osVersion: '17.0' },
        ),
      );
      expect(cmd.ManagementFlags).toBe(flags);
    },
  );

  it('sends Removable only to iOS, iPadOS and tvOS 14 or later', () => {
    const removable = (device: MdmCommandDevice) =>
      command(installApplicationCommand(UUID, app, device)).Attributes
        ?.Removable;
    expect(removable({ platform: 'ios', osVersion: '13.7' })).toBeUndefined();
    expect(removable({ platform: 'ios' })).toBeUndefined();
    expect(removable({ platform: 'ios', osVersion: '14.0' })).toBe(false);
    expect(removable({ platform: 'ipados', osVersion: '15.1' })).toBe(false);
    expect(removable({ platform: 'tvos', osVersion: '14.2' })).toBe(false);
    expect(removable({ platform: 'macos', osVersion: '14.2' })).toBeUndefined();
  });

  it('installs as managed on macOS only, without Attributes', () => {
    const mac = command(
      installApplicationCommand(
        UUID,
        { ...app, platform: 'macos' },
        { platform: 'macos', osVersion: '14.5' },
      ),
    );
    expect(mac).toEqual({
      RequestType: 'InstallApplication',
      iTunesStoreID: 361309726,
      Options: { PurchaseMethod: 1 },
      ManagementFlags: 5,
      ChangeManagementState: 'Managed',
      InstallAsManaged: true,
      Configuration: { serverUrl: 'https://example.com' },
    });
    const iosAppOnMac = command(
      installApplicationCommand(UUID, app, {
        platform: 'macos',
        osVersion: '14.5',
      }),
    );
    expect(iosAppOnMac.iOSApp).toBe(true);
    expect(
      command(
        installApplicationCommand(UUID, app, {
          platform: 'ipados',
          osVersion: '17.0',
        }),
      ).InstallAsManaged,
    ).toBeUndefined();
  });

  it('sends only the store id and purchase method to macOS before 11', () => {
    expect(
      command(
        installApplicationCommand(UUID, app, {
          platform: 'macos',
          osVersion: '10.15.7',
        }),
      ),
    ).toEqual({
      RequestType: 'InstallApplication',
      iTunesStoreID: 361309726,
      Options: { PurchaseMethod: 1 },
    });
  });

  it.each([
    [{ adamId: 'abc' }, 'adamId must be the App Store id'],
    [{ adamId: '' }, 'adamId must be the App Store id'],
    [{ adamId: '9999999999999999' }, 'too large'],
    [{ vpnUuid: ' ' }, 'vpnUuid must not be empty'],
    [
      { configuration: { n: NaN } },
      'Configuration value n is not a finite number',
    ],
    [
      { configuration: { a: { b: null } } },
      'Configuration value a.b cannot be put',
    ],
  ])('rejects %j', (override, message) => {
    expect(() =>
      installApplicationCommand(
        UUID,
        { ...app, ...(override as object) },
        {
          platform: 'ios',
          osVersion: '17.0',
        },
      ),
    ).toThrow(
      expect.objectContaining({
        name: 'MdmCommandInputError',
        message: expect.stringContaining(message),
      }),
    );
  });

  it('needs a CommandUUID', () => {
    expect(() =>
      installApplicationCommand('', app, { platform: 'ios' }),
    ).toThrow(MdmCommandInputError);
  });
});

describe('the other commands', () => {
  const cases: Array<[string, string, Record<string, unknown>]> = [
    [
      'RemoveApplication',
      removeApplicationCommand(UUID, 'com.example.app'),
      { RequestType: 'RemoveApplication', Identifier: 'com.example.app' },
    ],
    [
      'InstalledApplicationList of all apps',
      installedApplicationListCommand(UUID),
      { RequestType: 'InstalledApplicationList', ManagedAppsOnly: false },
    ],
    [
      'InstalledApplicationList of an empty list (all apps)',
      installedApplicationListCommand(UUID, []),
      { RequestType: 'InstalledApplicationList', ManagedAppsOnly: false },
    ],
    [
      'InstalledApplicationList of some apps',
      installedApplicationListCommand(UUID, ['com.a', 'com.b']),
      {
        RequestType: 'InstalledApplicationList',
        ManagedAppsOnly: false,
        Identifiers: ['com.a', 'com.b'],
      },
    ],
    [
      'ManagedApplicationList of all apps',
      managedApplicationListCommand(UUID),
      { RequestType: 'ManagedApplicationList' },
    ],
    [
      'ManagedApplicationList of some apps',
      managedApplicationListCommand(UUID, ['com.a']),
      { RequestType: 'ManagedApplicationList', Identifiers: ['com.a'] },
    ],
    [
      'DeviceInformation',
      deviceInformationCommand(UUID),
      {
        RequestType: 'DeviceInformation',
        Queries: [...DEVICE_INFORMATION_QUERIES],
      },
    ],
  ];

  it.each(cases)('%s is valid on every kind of device', (_, xml, expected) => {
    expect(plist.parse(xml)).toEqual({ CommandUUID: UUID, Command: expected });
    expect(checkCommandPlist(xml)).toEqual([]);
    const requestType = (expected as { RequestType: string }).RequestType;
    // Apple defines RemoveApplication and ManagedApplicationList on macOS from 11.0 only.
    const macOnlyFrom11 = [
      'RemoveApplication',
      'ManagedApplicationList',
    ].includes(requestType);
    const results = DEVICES.map(device => ({
      device,
      problems: checkCommandPlist(xml, device),
    }));
    const legacyMacProblem = `Command(${requestType}): needs 11.0, device has macOS 10.15.7`;
    expect(
      results.map(({ device, problems }) => ({
        device,
        problems: problems.filter(
          p =>
            !(
              macOnlyFrom11 &&
              p.endsWith('needs 11.0, device has macOS 10.15.7')
            ),
        ),
      })),
    ).toEqual(DEVICES.map(device => ({ device, problems: [] })));
    expect(results.flatMap(r => r.problems).includes(legacyMacProblem)).toBe(
      macOnlyFrom11,
    );
  });

  it('asks DeviceInformation for what the inventory keeps', () => {
    expect(DEVICE_INFORMATION_QUERIES).toEqual([
      'UDID',
      'SerialNumber',
      'Model',
      'ModelName',
      'ProductName',
      'OSVersion',
      'BuildVersion',
      'DeviceName',
      'WiFiMAC',
    ]);
  });

  it('rejects empty bundle ids', () => {
    expect(() => removeApplicationCommand(UUID, ' ')).toThrow(
      MdmCommandInputError,
    );
    expect(() => installedApplicationListCommand(UUID, ['ok', ''])).toThrow(
      MdmCommandInputError,
    );
  });

  it('escapes XML in values', () => {
    const xml = removeApplicationCommand(UUID, 'com.a&b<c>');
    expect(xml).toContain('<string>com.a&amp;b&lt;c&gt;</string>');
    expect(checkCommandPlist(xml)).toEqual([]);
  });
});
