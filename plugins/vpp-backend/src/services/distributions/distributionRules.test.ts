import { TestDatabases } from '@backstage/backend-test-utils';
import { RunningSimulator, startSimulator } from '@internal/vpp-simulator';
import { DateTime } from 'luxon';
import { checkCommandPlist } from '../../mdm/__testUtils__/appleSchema';
import { createDistributionRuntime } from './index';
import {
  PROOF_API_KEY,
  PROOF_APPS,
  PROOF_IDENTITY,
  PROOF_LOCATION,
  PROOF_USER,
  PROOF_WEBHOOK_SECRET,
  deviceIdsBySerial,
  installCommands,
  proofDevices,
  proofFixture,
  quietLogger,
  registerAndSync,
  seededSequence,
  startWebhookReceiver,
} from './proofHarness';

jest.setTimeout(120_000);

type Runtime = Awaited<ReturnType<typeof createDistributionRuntime>>;

const [NOTES, SCANNER] = PROOF_APPS.map(a => a.adamId);
const NOTES_BUNDLE = PROOF_APPS[0].bundleId;
const LICENSES = 6;
const FINAL = ['completed', 'completed-with-failures', 'cancelled'];

/** Eight iPhones; the first has Notes 1.0.0 installed (an old version). */
function devices() {
  const list = proofDevices(8);
  list[0].installedApps = [
    {
      bundleId: NOTES_BUNDLE,
      name: 'Proof App 1',
      shortVersion: '1.0.0',
      version: '100',
      managed: true,
      adamId: NOTES,
    },
  ];
  return list;
}

describe.each(TestDatabases.create().eachSupportedId())(
  'distribution rules against the simulator (%s)',
  databaseId => {
    const databases = TestDatabases.create();
    let sim: RunningSimulator;
    let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
    let runtime: Runtime | undefined;
    let tokenId: string;
    let serials: string[];
    let ids: Map<string, string>;
    let udids: Map<string, string>;

    beforeAll(async () => {
      receiver = await startWebhookReceiver({
        nanomdmUrl: () => sim.nanomdmUrl,
        sink: () => runtime!.devices,
      });
      sim = await startSimulator({
        port: 0,
        eventDelayMs: 0,
        rateLimit: false,
        fixture: proofFixture(LICENSES),
        random: seededSequence(3),
        mdm: {
          apiKey: PROOF_API_KEY,
          webhookUrl: receiver.url,
          webhookPassword: PROOF_WEBHOOK_SECRET,
          devices: devices(),
          random: seededSequence(5),
          switches: {
            pushDelayMs: 0,
            installTimeMs: 0,
            duplicateEventRate: 0,
            outOfOrderRate: 0,
          },
        },
      });
    });
    afterAll(async () => {
      await sim?.close();
      await receiver?.close();
    });

    beforeEach(async () => {
      sim.state.reset();
      sim.mdm.reset();
      const knex = await databases.init(databaseId);
      runtime = await createDistributionRuntime({
        knex,
        appleBaseUrl: sim.appleBaseUrl,
        mdm: { baseUrl: sim.nanomdmUrl, apiKey: PROOF_API_KEY },
        config: {
          eventFirstPollMs: 0,
          eventPollMs: 0,
          verifyDelayMs: 0,
          verifyIntervalMs: 0,
          // Several install rounds a pass even for these few devices.
          installBatchSize: 3,
          mdmIdentity: PROOF_IDENTITY,
        },
        logger: quietLogger,
      });
      tokenId = await registerAndSync(
        runtime,
        sim,
        sim.state.downloadToken(
          PROOF_LOCATION,
          DateTime.utc().plus({ days: 100 }).toISO()!,
        ),
      );
      sim.mdm.enrollAll();
      await sim.mdm.idle();
      serials = [...sim.mdm.devices.all()].map(d => d.serialNumber).sort();
      udids = new Map(
        [...sim.mdm.devices.all()].map(d => [d.serialNumber, d.udid]),
      );
      ids = await deviceIdsBySerial(runtime, serials);
    });

    async function runToEnd(id: string) {
      for (let pass = 0; pass < 30; pass++) {
        await runtime!.runWorkerPass();
        await sim.mdm.idle();
        const d = await runtime!.distributions.get(id);
        if (FINAL.includes(d.state)) return d;
      }
      throw new Error(`distribution ${id} did not finish`);
    }

    it('leaves out other platforms, old OS versions and unenrolled devices, with the reasons', async () => {
      sim.mdm.addDevice({
        platform: 'macos',
        osVersion: '14.4',
        serialNumber: 'MACOS0001',
      });
      sim.mdm.addDevice({
        platform: 'ios',
        osVersion: '14.8',
        serialNumber: 'OLDIOS001',
      });
      sim.mdm.checkOut(udids.get(serials[7])!);
      await sim.mdm.idle();
      const plan = await runtime!.distributions.create(
        {
          tokenId,
          adamIds: [NOTES],
          platform: 'ios',
          licenseMode: 'auto',
          // Every device the GET /devices filters select.
          targets: { q: '' },
          allowPartial: true,
          dryRun: true,
        },
        PROOF_USER,
      );
      expect(plan).toMatchObject({
        dryRun: true,
        plan: { devicesMatched: 7 },
      });
      const reasons = Object.fromEntries(
        plan.plan.leftOut.map(l => [l.reason, l.count]),
      );
      expect(reasons).toEqual({
        'other-platform': 1,
        'os-below-minimum': 1,
        unenrolled: 1,
        'no-license-available': 1,
      });
    });

    it('with allowPartial, installs on as many devices as there are licenses; updates an old version; every command fits Apple’s schema', async () => {
      const d = await runtime!.distributions.create(
        {
          tokenId,
          adamIds: [NOTES],
          platform: 'ios',
          licenseMode: 'auto',
          targets: { deviceIds: serials.map(s => ids.get(s)!) },
          allowPartial: true,
          preventBackup: true,
        },
        PROOF_USER,
      );
      expect(d.plan.apps[0]).toMatchObject({ needed: 8, goWithout: 2 });
      expect(d.plan.items).toBe(LICENSES);
      const done = await runToEnd(d.id);
      expect(done.counts).toEqual({ installed: LICENSES });
      // The device with 1.0.0 now has the App Store's version.
      const items = await runtime!.distributions.listItems(d.id, {});
      const first = items.items.find(i => i.serialNumber === serials[0])!;
      expect(first.version).toBe('2.1.0');
      for (const item of items.items) {
        const udid = udids.get(item.serialNumber)!;
        expect(installCommands(sim, udid, NOTES)).toHaveLength(1);
        for (const record of sim.mdm.commandLog.list(udid)) {
          if (record.requestType !== 'InstallApplication') continue;
          expect(
            checkCommandPlist(record.raw, {
              platform: 'ios',
              osVersion: '17.4.1',
            }),
          ).toEqual([]);
        }
      }
      // Two devices went without: no license, no command.
      const without = serials.filter(
        s => !sim.state.holdsDeviceLicense(NOTES, s),
      );
      expect(without).toHaveLength(2);
    });

    it('reclaims auto licenses when the app is removed, and finds orphans', async () => {
      const d = await runtime!.distributions.create(
        {
          tokenId,
          adamIds: [NOTES, SCANNER],
          platform: 'ios',
          licenseMode: 'auto',
          targets: { deviceIds: [ids.get(serials[1])!, ids.get(serials[2])!] },
        },
        PROOF_USER,
      );
      expect((await runToEnd(d.id)).counts).toEqual({ installed: 4 });
      sim.mdm.removeAppByHand(udids.get(serials[1])!, NOTES_BUNDLE);
      await runtime!.devices.requestInventory(
        [ids.get(serials[1])!],
        undefined,
      );
      await sim.mdm.idle();
      expect(sim.state.holdsDeviceLicense(NOTES, serials[1])).toBe(false);
      expect(sim.state.holdsDeviceLicense(SCANNER, serials[1])).toBe(true);
      expect(sim.state.holdsDeviceLicense(NOTES, serials[2])).toBe(true);

      // A license for a serial number no managed device has.
      await runtime!.licenses.assign(
        { tokenId, adamIds: [SCANNER], serials: ['NOTMANAGED1'] },
        PROOF_USER,
      );
      await runtime!.sync.syncToken(tokenId, { full: true });
      const orphans = await runtime!.licenses.findOrphans(tokenId);
      expect(orphans.unmanagedSerials.checked).toBe(true);
      expect(orphans.unmanagedSerials.items.map(i => i.serialNumber)).toEqual([
        'NOTMANAGED1',
      ]);
    });

    it('sends each license call as soon as its pairs are claimed, in the fewest calls, two at a time', async () => {
      // Two serials a call: six devices with two apps are three calls.
      sim.state.setOptions({ limits: { maxSerialNumbers: 2 } });
      const steps: string[] = [];
      const ledger = runtime!.ledger;
      const claim = ledger.claimAssignments.bind(ledger);
      ledger.claimAssignments = async (entries, ...rest) => {
        steps.push(`claim ${new Set(entries.map(e => e.serialNumber)).size}`);
        return claim(entries, ...rest);
      };
      const state = sim.state as unknown as {
        startAssetEvent: (
          location: unknown,
          eventType: string,
          input: { assets: unknown[]; serialNumbers: string[] },
        ) => unknown;
      };
      const start = state.startAssetEvent.bind(sim.state);
      state.startAssetEvent = (location, eventType, input) => {
        steps.push(
          `${eventType} ${input.assets.length}×${input.serialNumbers.length}`,
        );
        return start(location, eventType, input);
      };
      const d = await runtime!.distributions.create(
        {
          tokenId,
          adamIds: [NOTES, SCANNER],
          platform: 'ios',
          licenseMode: 'auto',
          targets: {
            deviceIds: serials.slice(1, 7).map(serial => ids.get(serial)!),
          },
        },
        PROOF_USER,
      );
      const done = await runToEnd(d.id);
      const calls = steps.filter(s => s.startsWith('ASSOCIATE'));
      expect(calls).toEqual(Array(3).fill('ASSOCIATE 2×2'));
      expect(steps.filter(s => s.startsWith('claim'))).toEqual(
        Array(3).fill('claim 2'),
      );
      // Two calls are prepared at a time, and the first is at Apple before the third
      // call's pairs are claimed (not after every claim).
      expect(steps.slice(0, 3)).toEqual([
        'claim 2',
        'claim 2',
        'ASSOCIATE 2×2',
      ]);
      expect(done.counts).toEqual({ installed: 12 });
    });

    it('follows the event at once when Apple notifies ASSET_MANAGEMENT', async () => {
      const slow = await createDistributionRuntime({
        knex: await databases.init(databaseId),
        appleBaseUrl: sim.appleBaseUrl,
        mdm: { baseUrl: sim.nanomdmUrl, apiKey: PROOF_API_KEY },
        config: { eventFirstPollMs: 3_600_000, mdmIdentity: PROOF_IDENTITY },
        logger: quietLogger,
      });
      runtime = slow;
      tokenId = await registerAndSync(
        slow,
        sim,
        sim.state.downloadToken(PROOF_LOCATION),
      );
      sim.mdm.enrollAll();
      await sim.mdm.idle();
      ids = await deviceIdsBySerial(slow, serials);
      const d = await slow.distributions.create(
        {
          tokenId,
          adamIds: [NOTES],
          platform: 'ios',
          licenseMode: 'auto',
          targets: { deviceIds: [ids.get(serials[3])!] },
        },
        PROOF_USER,
      );
      await slow.runWorkerPass();
      await slow.runWorkerPass();
      // Apple's pace: not polled again within the hour.
      expect((await slow.distributions.get(d.id)).counts).toEqual({
        licensing: 1,
      });
      const [call] = await slow.ledger.listAll(
        (await slow.tokens.getToken(tokenId))!.id,
      );
      expect(await slow.worker.eventProgressed(call.eventId!)).toBe(true);
      await slow.runWorkerPass();
      await sim.mdm.idle();
      expect((await slow.distributions.get(d.id)).counts).not.toHaveProperty(
        'licensing',
      );
    });
  },
);
