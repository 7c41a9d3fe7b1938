import { TestDatabases } from '@backstage/backend-test-utils';
import { RunningSimulator, startSimulator } from '@internal/vpp-simulator';
import { DateTime } from 'luxon';
import { AppleVppClient } from '../../apple';
import { createDistributionRuntime } from './index';
import {
  PROOF_API_KEY,
  PROOF_APPS,
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
const LICENSES = 6;
const DEVICES = 8;
const FINAL = ['completed', 'completed-with-failures', 'cancelled'];

describe.each(TestDatabases.create().eachSupportedId())(
  'distributions against the simulator (%s)',
  databaseId => {
    const databases = TestDatabases.create();
    let sim: RunningSimulator;
    let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
    let runtime: Runtime | undefined;
    let tokenId: string;
    let serials: string[];
    let ids: Map<string, string>;
    let udids: Map<string, string>;
    let clockMs = 0;

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
          devices: proofDevices(DEVICES),
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
      clockMs = 0;
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
          sendingGraceMs: 0,
          mdmIdentity: {
            id: 'vpp-proof',
            name: 'VPP for Backstage',
            metadata: 'proofs',
          },
        },
        logger: process.env.DEBUG_DIST ? (console as any) : quietLogger,
        now: () => new Date(Date.now() + clockMs),
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
    afterEach(async () => {
      runtime = undefined;
    });

    /** Worker passes until the distribution is final; device answers are awaited. */
    async function runToEnd(id: string) {
      for (let pass = 0; pass < 30; pass++) {
        await runtime!.runWorkerPass();
        await sim.mdm.idle();
        const d = await runtime!.distributions.get(id);
        if (FINAL.includes(d.state)) return d;
      }
      const d = await runtime!.distributions.get(id);
      const items = await runtime!.distributions.listItems(id, { limit: 3 });
      throw new Error(
        `distribution ${id} did not finish: ${JSON.stringify(
          d.counts,
        )} ${JSON.stringify(items.items)}`,
      );
    }

    const request = (overrides: Record<string, unknown> = {}) => ({
      tokenId,
      adamIds: [NOTES, SCANNER],
      platform: 'ios' as const,
      licenseMode: 'auto' as const,
      targets: { deviceIds: serials.slice(0, 3).map(s => ids.get(s)!) },
      ...overrides,
    });

    it('licenses and installs every app on every device (auto), with the options', async () => {
      const vpn = await runtime!.settings.createVpnConfig(
        {
          name: 'Corp VPN',
          vpnUuid: '6C1B2E3D-0000-4000-8000-000000000001',
          platforms: ['ios'],
        },
        PROOF_USER,
      );
      const config = await runtime!.settings.createAppConfig(
        {
          name: 'Notes',
          adamId: NOTES,
          values: { server: 'https://x', port: 443 },
        },
        PROOF_USER,
      );
      const created = await runtime!.distributions.create(
        request({
          vpnConfigId: vpn.id,
          appConfigIds: { [NOTES]: config.id },
          removeWithMdmProfile: true,
          preventBackup: true,
          removable: false,
        }),
        PROOF_USER,
      );
      expect(created.plan).toMatchObject({
        devicesMatched: 3,
        items: 6,
        apps: [
          { adamId: NOTES, needed: 3, alreadyLicensed: 0, available: LICENSES },
          {
            adamId: SCANNER,
            needed: 3,
            alreadyLicensed: 0,
            available: LICENSES,
          },
        ],
      });
      // A setting a running distribution uses cannot be deleted.
      await expect(runtime!.settings.deleteVpnConfig(vpn.id)).rejects.toThrow(
        /in use|distribution/i,
      );

      const done = await runToEnd(created.id);
      expect(done.state).toBe('completed');
      expect(done.counts).toEqual({ installed: 6 });
      const items = await runtime!.distributions.listItems(created.id, {});
      expect(items.items.every(i => i.version === '2.1.0')).toBe(true);
      for (const serial of serials.slice(0, 3)) {
        expect(sim.state.holdsDeviceLicense(NOTES, serial)).toBe(true);
        const cmds = installCommands(sim, udids.get(serial)!, NOTES);
        expect(cmds).toHaveLength(1);
      }
      const log = sim.mdm.commandLog
        .decoded(udids.get(serials[0])!)
        .find(
          r =>
            r.requestType === 'InstallApplication' &&
            (r.command as any).Command.iTunesStoreID === Number(NOTES),
        )!;
      expect((log.command as any).Command).toMatchObject({
        iTunesStoreID: Number(NOTES),
        Options: { PurchaseMethod: 1 },
        ManagementFlags: 5,
        ChangeManagementState: 'Managed',
        Configuration: { server: 'https://x', port: 443 },
        Attributes: {
          VPNUUID: '6C1B2E3D-0000-4000-8000-000000000001',
          Removable: false,
        },
      });
      const ledger = await runtime!.ledger.listAll(
        (await runtime!.tokens.getToken(tokenId))!.id,
      );
      expect(ledger.filter(e => e.state === 'assigned')).toHaveLength(6);
      expect(
        ledger.every(e => e.mode === 'auto' && e.distributionId === created.id),
      ).toBe(true);

      // A second run for the same devices assigns nothing again.
      const again = await runtime!.distributions.create(
        request(),
        PROOF_USER,
        undefined,
      );
      expect(again.plan.apps.map(a => a.alreadyLicensed)).toEqual([3, 3]);
      expect(again.plan.apps.map(a => a.needed)).toEqual([0, 0]);

      // Check-out: the device's auto licenses come back (R-LIC-3).
      sim.mdm.checkOut(udids.get(serials[0])!);
      await sim.mdm.idle();
      expect(sim.state.holdsDeviceLicense(NOTES, serials[0])).toBe(false);
      expect(sim.state.holdsDeviceLicense(SCANNER, serials[0])).toBe(false);
      expect(sim.state.holdsDeviceLicense(NOTES, serials[1])).toBe(true);
    });

    it('refuses too few licenses unless allowPartial, and then leaves the rest out', async () => {
      const all = { deviceIds: serials.map(s => ids.get(s)!) };
      await expect(
        runtime!.distributions.create(
          request({ targets: all, adamIds: [NOTES] }),
          PROOF_USER,
        ),
      ).rejects.toThrow(`needs ${DEVICES} licenses, ${LICENSES} available`);
      const dry = await runtime!.distributions.create(
        {
          ...request({ targets: all, adamIds: [NOTES], allowPartial: true }),
          dryRun: true,
        },
        PROOF_USER,
      );
      expect(dry).toMatchObject({
        dryRun: true,
        plan: {
          apps: [
            { adamId: NOTES, needed: DEVICES, goWithout: DEVICES - LICENSES },
          ],
          leftOut: [
            { reason: 'no-license-available', count: DEVICES - LICENSES },
          ],
        },
      });
      expect((await runtime!.distributions.list({})).totalCount).toBe(0);
    });

    it('manual mode needs licenses already held', async () => {
      await expect(
        runtime!.distributions.create(
          request({ licenseMode: 'manual' }),
          PROOF_USER,
        ),
      ).rejects.toThrow(
        /Manual license mode .* 6 \(device, app\) pairs do not/,
      );
      await runtime!.licenses.assign(
        { tokenId, adamIds: [NOTES, SCANNER], serials: serials.slice(0, 3) },
        PROOF_USER,
      );
      const d = await runtime!.distributions.create(
        request({ licenseMode: 'manual' }),
        PROOF_USER,
      );
      expect(d.plan.apps.map(a => a.alreadyLicensed)).toEqual([3, 3]);
      expect((await runToEnd(d.id)).counts).toEqual({ installed: 6 });
      // Manual licenses stay at a check-out.
      sim.mdm.checkOut(udids.get(serials[0])!);
      await sim.mdm.idle();
      expect(sim.state.holdsDeviceLicense(NOTES, serials[0])).toBe(true);
    });

    it('starts a scheduled distribution at its time, and limits it to the day before expiry', async () => {
      const expiry = DateTime.utc().plus({ days: 100 });
      await expect(
        runtime!.distributions.create(
          request({ scheduledAt: expiry.toISO() }),
          PROOF_USER,
        ),
      ).rejects.toThrow(
        `no later than ${expiry.minus({ days: 1 }).toISODate()}`,
      );
      const d = await runtime!.distributions.create(
        request({ scheduledAt: DateTime.utc().plus({ hours: 2 }).toISO() }),
        PROOF_USER,
      );
      expect(d.state).toBe('scheduled');
      await runtime!.runWorkerPass();
      expect((await runtime!.distributions.get(d.id)).counts).toEqual({
        pending: 6,
      });
      clockMs = 3 * 3_600_000;
      expect((await runToEnd(d.id)).state).toBe('completed');
    });

    it('cancels what was not sent, and retries failed items', async () => {
      const d = await runtime!.distributions.create(
        request({
          scheduledAt: DateTime.utc().plus({ hours: 2 }).toISO(),
        }),
        PROOF_USER,
      );
      const cancelled = await runtime!.distributions.cancel(d.id);
      expect(cancelled.state).toBe('cancelled');
      await runtime!.runWorkerPass();
      expect((await runtime!.distributions.get(d.id)).counts).toEqual({
        cancelled: 6,
      });
      await expect(runtime!.distributions.cancel(d.id)).rejects.toThrow(
        /only scheduled or running/,
      );

      // 9610: the license is taken away at Apple behind the ledger's back.
      await runtime!.licenses.assign(
        { tokenId, adamIds: [NOTES], serials: [serials[4]] },
        PROOF_USER,
      );
      const manual = await runtime!.distributions.create(
        request({
          licenseMode: 'manual',
          adamIds: [NOTES],
          targets: { deviceIds: [ids.get(serials[4])!] },
        }),
        PROOF_USER,
      );
      expect(runtime!.worker.config.maxInstallAttempts).toBe(3);
      // Taken back through Apple's API, as another MDM would.
      const apple = new AppleVppClient({
        token: sim.state.downloadToken(PROOF_LOCATION),
        baseUrl: sim.appleBaseUrl,
      });
      await apple.disassociateAssets({
        assets: [{ adamId: NOTES, pricingParam: 'STDQ' }],
        serialNumbers: [serials[4]],
      });
      const failed = await runToEnd(manual.id);
      expect(failed.state).toBe('completed-with-failures');
      const [item] = (
        await runtime!.distributions.listItems(manual.id, { state: 'failed' })
      ).items;
      expect(item.errorNumber).toBe(9610);
      expect(item.explanation?.ja).toBeTruthy();
      expect(installCommands(sim, udids.get(serials[4])!, NOTES)).toHaveLength(
        3,
      );

      await runtime!.licenses
        .assign(
          { tokenId, adamIds: [NOTES], serials: [serials[4]] },
          PROOF_USER,
        )
        .catch(() => undefined);
      const retried = await runtime!.distributions.retry(manual.id);
      expect(retried.state).toBe('running');
    });
  },
);
