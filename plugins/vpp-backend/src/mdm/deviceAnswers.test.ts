import { parseNanoMdmWebhook } from './webhook';
import {
  acknowledged,
  b64,
  CMD,
  older,
  report,
  UDID,
  v090,
} from './__testUtils__/webhookEvents';

describe('parseNanoMdmWebhook: command reports', () => {
  it('turns an Idle report into an idle check-in', () => {
    const events = parseNanoMdmWebhook(
      v090('mdm.Connect', 'acknowledge_event', {
        status: 'Idle',
        raw_payload: b64({ UDID, Status: 'Idle' }),
      }),
    );
    expect(events).toEqual([
      {
        kind: 'check-in',
        type: 'idle',
        enrollmentId: UDID,
        udid: UDID,
        occurredAt: new Date('2026-12-06T15:55:59.469Z'),
        eventId: '80fac3abc1214819',
      },
    ]);
  });

  it('decodes InstalledApplicationList', () => {
    const [event] = acknowledged({
      InstalledApplicationList: [
        {
          Identifier: 'com.example.app',
          Name: 'Example',
          ShortVersion: '2.1',
          Version: '210',
          Installing: false,
          IsManaged: true,
          AdamID: 361309726,
        },
        {
          Identifier: 'com.example.new',
          Name: 'New',
          Version: '7',
          Installing: true,
        },
        { Name: 'No identifier (macOS)', Version: '1' },
      ],
    });
    expect(event).toEqual({
      kind: 'command-result',
      enrollmentId: UDID,
      udid: UDID,
      commandId: CMD,
      status: 'acknowledged',
      occurredAt: new Date('2026-12-06T15:55:59.469Z'),
      eventId: '80fac3abc1214819',
      installedApps: [
        {
          bundleId: 'com.example.app',
          name: 'Example',
          version: '2.1',
          adamId: '361309726',
          managed: true,
          installing: false,
        },
        {
          bundleId: 'com.example.new',
          name: 'New',
          version: '7',
          installing: true,
        },
      ],
    });
  });

  it('decodes an empty InstalledApplicationList as an empty inventory', () => {
    expect(acknowledged({ InstalledApplicationList: [] })[0]).toMatchObject({
      installedApps: [],
    });
  });

  it('decodes ManagedApplicationList', () => {
    const [event] = acknowledged({
      ManagedApplicationList: {
        'com.example.app': {
          Status: 'Managed',
          ManagementFlags: 1,
          HasConfiguration: false,
          HasFeedback: false,
          IsValidated: true,
          ExternalVersionIdentifier: 1,
          UnusedRedemptionCode: '',
        },
        'com.example.gone': {
          Status: 'ManagedButUninstalled',
          ManagementFlags: 0,
        },
      },
    });
    expect(event).toMatchObject({
      managedApps: [
        { bundleId: 'com.example.app', status: 'Managed' },
        { bundleId: 'com.example.gone', status: 'ManagedButUninstalled' },
      ],
    });
  });

  it.each([
    ['iPhone15,4', 'iPhone', 'ios'],
    ['iPad13,1', 'iPad', 'ipados'],
    ['Mac14,2', 'MacBook Air', 'macos'],
    ['AppleTV14,1', 'Apple TV', 'tvos'],
  ])(
    'decodes DeviceInformation of a %s as %s',
    (productName, modelName, platform) => {
      const [event] = acknowledged({
        QueryResponses: {
          UDID,
          SerialNumber: 'C02XYZ',
          Model: 'MQ8T3',
          ModelName: modelName,
          ProductName: productName,
          OSVersion: '17.4',
          BuildVersion: '21E230',
          DeviceName: 'Device',
          WiFiMAC: 'a4:83:e7:12:34:56',
        },
      });
      expect(event).toMatchObject({
        deviceFacts: {
          serialNumber: 'C02XYZ',
          model: 'MQ8T3',
          modelName,
          productName,
          osVersion: '17.4',
          buildVersion: '21E230',
          deviceName: 'Device',
          wifiMac: 'a4:83:e7:12:34:56',
          platform,
        },
      });
    },
  );

  it('decodes an InstallApplication answer', () => {
    expect(
      acknowledged({ Identifier: 'com.example.app', State: 'Installing' })[0],
    ).toMatchObject({
      installState: { bundleId: 'com.example.app', state: 'Installing' },
    });
  });

  it('decodes an Error with its ErrorChain (9610: no license)', () => {
    const [event] = acknowledged(
      {
        ErrorChain: [
          {
            ErrorCode: 9610,
            ErrorDomain: 'ITunesStoreErrorDomain',
            LocalizedDescription: 'License not found',
            USEnglishDescription: 'License not found',
          },
          {
            ErrorCode: 12064,
            ErrorDomain: 'MCMDMErrorDomain',
            USEnglishDescription: 'Could not install',
          },
        ],
      },
      'Error',
    );
    expect(event).toMatchObject({
      status: 'error',
      errors: [
        {
          code: 9610,
          domain: 'ITunesStoreErrorDomain',
          description: 'License not found',
        },
        {
          code: 12064,
          domain: 'MCMDMErrorDomain',
          description: 'Could not install',
        },
      ],
    });
  });

  it.each([
    ['NotNow', 'not-now'],
    ['CommandFormatError', 'format-error'],
    ['Acknowledged', 'acknowledged'],
  ])('maps status %s to %s', (status, expected) => {
    expect(acknowledged({}, status)[0]).toMatchObject({
      kind: 'command-result',
      status: expected,
    });
  });

  it('takes the CommandUUID from the report when the event lacks it (older shape)', () => {
    const [event] = parseNanoMdmWebhook(
      older('mdm.Connect', 'acknowledge_event', {
        status: 'Acknowledged',
        raw_payload: b64(report('Acknowledged')),
      }),
    );
    expect(event).toMatchObject({
      commandId: CMD,
      status: 'acknowledged',
      enrollmentId: UDID,
    });
  });
});
