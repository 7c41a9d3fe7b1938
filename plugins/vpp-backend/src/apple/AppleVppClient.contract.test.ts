import { startSimulator } from '@internal/vpp-simulator';
import { MdmInfoChange } from './AppleVppClient';
import {
  OURS,
  STDQ,
  clientFor,
  expectAppleError,
  useSimulator,
} from './contractTestUtils';
import { explainAppleError } from './errorCatalogue';
import { resolveServiceEndpoints } from './serviceConfig';

jest.setTimeout(30_000);

const env = useSimulator(startSimulator);
const { tokyo } = env;

const fastWait = { pollIntervalMs: 25, firstPollDelayMs: 0 };

describe('contract: token and configuration', () => {
  it('parses a downloaded token and reads the location', async () => {
    const { token, client } = await tokyo();
    expect(token.orgName).toBe('Example Corp');
    expect(token.expiresAt.getTime()).toBeGreaterThan(Date.now());
    expect(token.bearer).not.toMatch(/\s/);

    const config = await client.getClientConfig();
    expect(config).toMatchObject({
      locationName: 'Example Corp Tokyo',
      countryISO2ACode: 'JP',
      uId: '2049025000431001',
    });
    expect(client.lastResponseMetadata?.uId).toBe('2049025000431001');
  });

  it('reads the service configuration (limits, urls) without authentication', async () => {
    const { client } = await tokyo();
    const serviceConfig = await client.getServiceConfig();
    expect(serviceConfig.limits).toMatchObject({
      maxAssets: 25,
      maxSerialNumbers: 1000,
      maxRequestPerSecond: 15,
    });
    expect(await client.getLimits()).toMatchObject({
      maxRevokeSerialNumbers: 100,
      maxUsers: 100,
    });
    const urls = await client.getServiceUrls();
    expect(urls.getAssignments).toBe(`${env.sim.appleBaseUrl}/assignments`);
    // The simulator announces its own origin: followed, nothing refused.
    expect(resolveServiceEndpoints(env.sim.appleBaseUrl, urls).refused).toEqual(
      [],
    );
    // Every error number Apple lists in the service configuration has an explanation.
    for (const { errorNumber } of serviceConfig.errorCodes ?? []) {
      expect(explainAppleError(errorNumber).known).toBe(true);
    }
  });

  it('claims the location with mdmInfo and notices when another MDM takes over', async () => {
    const changes: MdmInfoChange[] = [];
    const { token, client } = await tokyo({
      onMdmInfoChange: change => changes.push(change),
    });
    expect((await client.getClientConfig()).mdmInfo).toBeUndefined();
    const updated = await client.updateClientConfig({
      mdmInfo: { ...OURS, metadata: '1.0.0' },
    });
    expect(updated.mdmInfo).toMatchObject({ id: OURS.id, name: OURS.name });
    expect(changes).toEqual([
      expect.objectContaining({
        previous: null,
        current: expect.objectContaining({ id: OURS.id }),
        isOurs: true,
      }),
    ]);

    // Another product writes its own identity with the same token (last writer wins).
    const other = clientFor(env.sim, token.bearer);
    await other.updateClientConfig({
      mdmInfo: { id: 'other', name: 'Other MDM', metadata: 'v9' },
    });

    const page = await client.getAssets();
    expect(page.mdmInfo).toMatchObject({ id: 'other', name: 'Other MDM' });
    expect(changes).toHaveLength(2);
    expect(changes[1]).toMatchObject({
      isOurs: false,
      current: { id: 'other' },
      endpoint: 'GET /assets',
    });
    expect(client.lastResponseMetadata?.mdmInfoIsOurs).toBe(false);
  });

  it('sets notification settings and reports 9710/9712/9728', async () => {
    const { client } = await tokyo();
    await expectAppleError(
      client.updateClientConfig({ notificationUrl: 'https://example.com/x' }),
      { errorNumber: 9710, kind: 'invalid-request', httpStatus: 400 },
    );
    await expectAppleError(
      client.updateClientConfig({
        notificationUrl: 'http://example.com/x',
        notificationAuthToken: 'secret-notify-token',
      }),
      { errorNumber: 9712 },
    );
    // Nothing listens on this port: Apple's TEST_NOTIFICATION cannot be delivered.
    const error = await expectAppleError(
      client.updateClientConfig({
        notificationUrl: 'https://127.0.0.1:9/vpp',
        notificationAuthToken: 'secret-notify-token',
        notificationTypes: ['ASSET_MANAGEMENT'],
      }),
      { errorNumber: 9728, kind: 'notification-unreachable' },
    );
    expect(error.message).not.toContain('secret-notify-token');
  });

  it('rejects incomplete or too long mdmInfo (9723, 9724, 9725, 9713)', async () => {
    expect.hasAssertions();
    const { client } = await tokyo();
    const long = 'x'.repeat(300);
    await expectAppleError(
      client.updateClientConfig({ mdmInfo: { id: 'a', name: 'b' } as never }),
      { errorNumber: 9723 },
    );
    await expectAppleError(
      client.updateClientConfig({
        mdmInfo: { id: long, name: 'b', metadata: 'c' },
      }),
      { errorNumber: 9724 },
    );
    await expectAppleError(
      client.updateClientConfig({
        mdmInfo: { id: 'a', name: long, metadata: 'c' },
      }),
      { errorNumber: 9725 },
    );
    await expectAppleError(
      client.updateClientConfig({
        mdmInfo: { id: 'a', name: 'b', metadata: long },
      }),
      { errorNumber: 9713 },
    );
  });
});

describe('contract: assets, assignments, users', () => {
  it('filters assets, including unlimited', async () => {
    const { client } = await tokyo();
    const all = await client.getAssets();
    expect(all.assets.length).toBeGreaterThan(5);
    const free = all.assets.find(a => a.adamId === '6450000104');
    expect(free?.totalCount).toBe(2147483647);

    const split = await client.getAssets({ unlimited: true });
    expect(split.unlimitedAssets?.map(a => a.adamId)).toEqual(
      expect.arrayContaining(['6450000104', '6450000105']),
    );
    expect(split.unlimitedAssets?.[0]).not.toHaveProperty('availableCount');
    expect(split.assets.some(a => a.adamId === '6450000104')).toBe(false);

    const excluded = await client.getAssets({ unlimited: false });
    expect(excluded.assets.some(a => a.adamId === '6450000104')).toBe(false);

    expect(
      (await client.getAssets({ adamId: '6450000101' })).assets.map(
        a => a.adamId,
      ),
    ).toEqual(['6450000101']);
    expect((await client.getAssets({ adamId: '999' })).assets).toEqual([]);
    const books = await client.getAssets({ productType: 'Book' });
    expect(books.assets.every(a => a.productType === 'Book')).toBe(true);
    const notAssignable = await client.getAssets({
      deviceAssignable: false,
      unlimited: false,
    });
    expect(notAssignable.assets.map(a => a.adamId)).toContain('6450000109');
    const withSpare = await client.getAssets({
      minAvailableCount: 1,
      maxAssignedCount: 3,
      revocable: true,
      pricingParam: 'STDQ',
    });
    expect(
      withSpare.assets.every(
        a => (a.availableCount ?? 0) >= 1 && (a.assignedCount ?? 0) <= 3,
      ),
    ).toBe(true);

    const pages = client.iterateAssets();
    let count = 0;
    for await (const page of pages) count += page.assets.length;
    expect(count).toBe(all.assets.length);
  });

  it('associates, waits, syncs incrementally with sinceVersionId, disassociates and revokes', async () => {
    const { client } = await tokyo();
    const full = client.iterateAssignments();
    const before: string[] = [];
    for await (const page of full)
      before.push(
        ...page.assignments.map(
          a => `${a.adamId}/${a.serialNumber ?? a.clientUserId}`,
        ),
      );
    const versionId = full.versionId!;
    expect(versionId).toBeTruthy();

    const associate = await client.associateAssets({
      assets: [STDQ('6450000101')],
      serialNumbers: ['NEWSERIAL1', 'NEWSERIAL2'],
    });
    const outcome = await client.waitForEvent(associate.eventId, {
      ...fastWait,
      request: {
        assets: [STDQ('6450000101')],
        serialNumbers: ['NEWSERIAL1', 'NEWSERIAL2'],
      },
    });
    expect(outcome).toMatchObject({
      eventStatus: 'COMPLETE',
      numRequested: 2,
      numCompleted: 2,
      final: true,
    });
    expect(outcome.succeeded.serialNumbers).toEqual([
      'NEWSERIAL1',
      'NEWSERIAL2',
    ]);

    const delta = await client.getAssignments({ sinceVersionId: versionId });
    expect(delta.assignments.map(a => a.serialNumber).sort()).toEqual([
      'NEWSERIAL1',
      'NEWSERIAL2',
    ]);
    expect(delta.versionId).not.toBe(versionId);
    expect(
      (await client.getAssignments({ serialNumber: 'NEWSERIAL1' })).assignments,
    ).toHaveLength(1);

    // Re-associating an existing pair is harmless.
    const again = await client.associateAssets({
      assets: [STDQ('6450000101')],
      serialNumbers: ['NEWSERIAL1'],
    });
    expect(
      (await client.waitForEvent(again.eventId, fastWait)).eventStatus,
    ).toBe('COMPLETE');

    const dis = await client.disassociateAssets({
      assets: [STDQ('6450000101')],
      serialNumbers: ['NEWSERIAL1'],
    });
    expect((await client.waitForEvent(dis.eventId, fastWait)).eventStatus).toBe(
      'COMPLETE',
    );
    const revoke = await client.revokeAssets({ serialNumbers: ['NEWSERIAL2'] });
    const revoked = await client.waitForEvent(revoke.eventId, {
      ...fastWait,
      request: { serialNumbers: ['NEWSERIAL2'] },
    });
    expect(revoked.eventStatus).toBe('COMPLETE');
    expect(
      (
        await client.getAssignments({ sinceVersionId: versionId })
      ).assignments.filter(a => a.serialNumber?.startsWith('NEWSERIAL')),
    ).toEqual([]);
  });

  it('reports a partial failure (9709) per serial number', async () => {
    const { client } = await tokyo();
    const [asset] = (await client.getAssets({ adamId: '6450000102' })).assets;
    const available = asset.availableCount!;
    const serials = Array.from(
      { length: available + 2 },
      (_, i) => `PARTIAL${i}`,
    );
    const request = { assets: [STDQ('6450000102')], serialNumbers: serials };
    const { eventId } = await client.associateAssets(request);
    const outcome = await client.waitForEvent(eventId, {
      ...fastWait,
      request,
    });
    expect(outcome.eventStatus).toBe('FAILED');
    expect(outcome.numCompleted).toBe(available);
    expect(outcome.failed).toHaveLength(2);
    expect(outcome.failed.every(f => f.errorNumber === 9709)).toBe(true);
    expect(outcome.succeeded.serialNumbers).toHaveLength(available);
    expect(explainAppleError(9709, 'ja').text).toContain('ライセンス');
  });

  it('splits a large association into batches and merges the results', async () => {
    const { client } = await tokyo();
    const serialNumbers = Array.from({ length: 2300 }, (_, i) => `BATCH${i}`);
    const result = await client.associateAssetsAndWait(
      { assets: [{ adamId: '6450000104' }], serialNumbers },
      fastWait,
    );
    expect(result.outcomes).toHaveLength(3);
    expect(result.final).toBe(true);
    expect(result.succeeded.serialNumbers).toHaveLength(2300);
    expect(result.failed).toEqual([]);
  });

  it('manages users (create, update, retire) and reports 9716 for an existing user', async () => {
    const { client } = await tokyo();
    const create = await client.createUsers({
      users: [
        { clientUserId: 'user-new', email: 'new@example.co.jp' },
        { clientUserId: 'user-tanaka', email: 'tanaka@example.co.jp' },
      ],
    });
    const created = await client.waitForEvent(create.eventId, {
      ...fastWait,
      request: {
        users: [{ clientUserId: 'user-new' }, { clientUserId: 'user-tanaka' }],
      },
    });
    expect(created.succeeded.clientUserIds).toEqual(['user-new']);
    expect(created.failed).toEqual([
      expect.objectContaining({ identifier: 'user-tanaka', errorNumber: 9716 }),
    ]);

    const users = await client.getUsers({ clientUserId: 'user-new' });
    expect(users.users[0]).toMatchObject({
      clientUserId: 'user-new',
      email: 'new@example.co.jp',
      status: 'Registered',
    });

    const update = await client.updateUsers({
      users: [{ clientUserId: 'user-new', email: 'renamed@example.co.jp' }],
    });
    expect(
      (await client.waitForEvent(update.eventId, fastWait)).eventStatus,
    ).toBe('COMPLETE');
    const retire = await client.retireUsers({
      users: [{ clientUserId: 'user-new' }],
    });
    expect(
      (await client.waitForEvent(retire.eventId, fastWait)).eventStatus,
    ).toBe('COMPLETE');
    const active = await client.getUsers({ activeOnly: true });
    expect(active.users.some(u => u.clientUserId === 'user-new')).toBe(false);

    let total = 0;
    for await (const page of client.iterateUsers()) total += page.users.length;
    expect(total).toBeGreaterThanOrEqual(4);
  });
});
