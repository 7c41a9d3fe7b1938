import { startSimulator } from '@internal/vpp-simulator';
import { MdmInfoChange } from './AppleVppClient';
import {
  Simulator,
  clientFor,
  control,
  downloadToken,
} from './contractTestUtils';
import { AppleVppError } from './errors';
import { explainAppleError } from './errorCatalogue';
import { resolveServiceEndpoints } from './serviceConfig';

jest.setTimeout(30_000);

const OURS = {
  id: 'backstage-vpp-test',
  name: 'Backstage VPP',
  metadata: '1.0.0',
};
const STDQ = (adamId: string) => ({ adamId, pricingParam: 'STDQ' });
const fastWait = { pollIntervalMs: 25, firstPollDelayMs: 0 };

let sim: Simulator;

beforeEach(async () => {
  sim = await startSimulator({ port: 0, eventDelayMs: 20, rateLimit: false });
});

afterEach(async () => {
  await sim.close();
});

async function tokyo(options: Parameters<typeof clientFor>[2] = {}) {
  const token = await downloadToken(sim, 'loc-tokyo');
  return {
    token,
    client: clientFor(sim, token.bearer, { mdmInfo: OURS, ...options }),
  };
}

async function expectAppleError(
  promise: Promise<unknown>,
  expected: Partial<AppleVppError>,
) {
  const error = await promise.then(
    () => undefined,
    e => e,
  );
  expect(error).toBeInstanceOf(AppleVppError);
  expect(error).toMatchObject(expected);
  return error as AppleVppError;
}

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
    expect(urls.getAssignments).toBe(`${sim.appleBaseUrl}/assignments`);
    // The simulator announces its own origin: followed, nothing refused.
    expect(resolveServiceEndpoints(sim.appleBaseUrl, urls).refused).toEqual([]);
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
    const other = clientFor(sim, token.bearer);
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

describe('contract: synchronous errors', () => {
  it.each([
    ['9718 no asset', { assets: [], serialNumbers: ['S'] }, 9718],
    ['9719 no serials/users', { assets: [STDQ('6450000101')] }, 9719],
    [
      '9700 too many assets',
      {
        assets: Array.from({ length: 26 }, (_, i) =>
          STDQ(String(6450000101 + i)),
        ),
        serialNumbers: ['S'],
      },
      9700,
    ],
    [
      '9702 too many serials',
      {
        assets: [STDQ('6450000101')],
        serialNumbers: Array.from({ length: 1001 }, (_, i) => `S${i}`),
      },
      9702,
    ],
    [
      '9701 too many users',
      {
        assets: [STDQ('6450000101')],
        clientUserIds: Array.from({ length: 1001 }, (_, i) => `U${i}`),
      },
      9701,
    ],
    [
      '9703 duplicate assets',
      {
        assets: [STDQ('6450000101'), STDQ('6450000101')],
        serialNumbers: ['S'],
      },
      9703,
    ],
    [
      '9704 duplicate users',
      { assets: [STDQ('6450000101')], clientUserIds: ['u', 'u'] },
      9704,
    ],
    [
      '9705 duplicate serials',
      { assets: [STDQ('6450000101')], serialNumbers: ['S', 'S'] },
      9705,
    ],
    [
      '9707 not device-assignable',
      { assets: [STDQ('6450000109')], serialNumbers: ['S'] },
      9707,
    ],
  ])('associate: %s', async (_name, request, errorNumber) => {
    const { client } = await tokyo();
    const error = await expectAppleError(
      client.associateAssets(request as never),
      { errorNumber, httpStatus: 400, attempts: 1 },
    );
    expect(explainAppleError(errorNumber).known).toBe(true);
    // 9707 names the offending asset; the others name nothing.
    expect(error.assets).toEqual(
      errorNumber === 9707 ? [STDQ('6450000109')] : [],
    );
  });

  it('disassociate of a non-revocable asset → 9706 naming the asset', async () => {
    const { client } = await tokyo();
    const error = await expectAppleError(
      client.disassociateAssets({
        assets: [STDQ('6450000110')],
        serialNumbers: ['DMPTK0010'],
      }),
      { errorNumber: 9706 },
    );
    expect(error.assets).toEqual([STDQ('6450000110')]);
  });

  it('users: 9720, 9714, 9715, 9717', async () => {
    expect.hasAssertions();
    const { client } = await tokyo();
    await expectAppleError(client.createUsers({ users: [] }), {
      errorNumber: 9720,
    });
    await expectAppleError(
      client.createUsers({
        users: Array.from({ length: 101 }, (_, i) => ({
          clientUserId: `u${i}`,
        })),
      }),
      { errorNumber: 9714 },
    );
    await expectAppleError(
      client.createUsers({
        users: [{ clientUserId: 'a' }, { clientUserId: 'a' }],
      }),
      { errorNumber: 9715 },
    );
    await expectAppleError(
      client.createUsers({
        users: [{ clientUserId: 'a', email: 'not-an-email' }],
      }),
      { errorNumber: 9717 },
    );
  });

  it('9708 unknown event, 9650 page out of range, 9721 bad versionId', async () => {
    expect.hasAssertions();
    const { client } = await tokyo();
    await expectAppleError(
      client.getEventStatus('00000000-0000-0000-0000-000000000000'),
      { errorNumber: 9708, kind: 'not-found' },
    );
    await expectAppleError(client.getAssets({ pageIndex: 99 }), {
      errorNumber: 9650,
      kind: 'page-out-of-range',
    });
    await expectAppleError(
      client.getAssignments({ sinceVersionId: 'no-such-version' }),
      { errorNumber: 9721, kind: 'invalid-version' },
    );
  });

  it('9722 for a malformed Authorization header', async () => {
    const { token } = await tokyo();
    const client = clientFor(sim, token.bearer, {
      fetch: (url, init) =>
        fetch(url, {
          ...init,
          headers: { ...init.headers, Authorization: token.bearer },
        }),
    });
    const error = await expectAppleError(client.getClientConfig(), {
      errorNumber: 9722,
      kind: 'token-invalid',
    });
    expect(error.tokenUnusable).toBe(true);
  });
});

describe('contract: token states', () => {
  it.each([
    ['expired', 9621, 'token-expired' as const],
    ['revoked', 9625, 'token-revoked' as const],
    ['invalid', 9622, 'token-invalid' as const],
  ])(
    '%s token → %i (%s), never retried, message without the token',
    async (state, errorNumber, kind) => {
      const { token, client } = await tokyo();
      await control(sim, 'POST', '/tokens/state', {
        token: token.bearer,
        state,
      });
      const error = await expectAppleError(client.getClientConfig(), {
        errorNumber,
        kind,
        httpStatus: 401,
        attempts: 1,
      });
      expect(error.tokenUnusable).toBe(true);
      expect(`${error.message} ${JSON.stringify(error)}`).not.toContain(
        token.bearer,
      );
      expect(`${error.message} ${JSON.stringify(error)}`).not.toContain(
        token.secret,
      );
    },
  );

  it('a token Apple never issued → 9622', async () => {
    expect.hasAssertions();
    const client = clientFor(
      sim,
      Buffer.from(
        JSON.stringify({
          token: 'bm9wZQ==',
          expDate: '2031-01-01T00:00:00+0000',
          orgName: 'x',
        }),
      ).toString('base64'),
    );
    await expectAppleError(client.getClientConfig(), {
      errorNumber: 9622,
      kind: 'token-invalid',
    });
  });

  it('a token past its expDate → 9621', async () => {
    const expiring = await downloadToken(
      sim,
      'loc-tokyo',
      new Date(Date.now() + 1500).toISOString(),
    );
    const client = clientFor(sim, expiring.bearer);
    const config = await client.getClientConfig();
    // Within 15 days of expiry Apple adds tokenExpirationDate.
    expect(config.tokenExpirationDate).toBeDefined();
    expect(client.lastResponseMetadata?.tokenExpiresAt?.getTime()).toBe(
      Math.floor(expiring.expiresAt.getTime() / 1000) * 1000,
    );
    await new Promise(resolve => setTimeout(resolve, 1600));
    await expectAppleError(client.getClientConfig(), {
      errorNumber: 9621,
      kind: 'token-expired',
    });
  });

  it('token errors answered with HTTP 200 are still errors', async () => {
    expect.hasAssertions();
    const { token, client } = await tokyo();
    await control(sim, 'POST', '/options', { errorsWithStatus200: true });
    await control(sim, 'POST', '/tokens/state', {
      token: token.bearer,
      state: 'revoked',
    });
    await expectAppleError(client.getAssets(), {
      errorNumber: 9625,
      httpStatus: 200,
      kind: 'token-revoked',
    });
  });
});
