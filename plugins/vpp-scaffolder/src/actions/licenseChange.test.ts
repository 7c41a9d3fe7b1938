import { VppLicenseChangeResult } from '@internal/plugin-vpp-common';
import {
  errorBody,
  FakeReply,
  FakeVppBackend,
  RecordedRequest,
  startFakeVppBackend,
  requestLines,
} from '../__testUtils__/fakeVppBackend';
import {
  actionContext,
  EXPECTED_AUTHORIZATION,
  actionOptions,
} from '../__testUtils__/actionContext';
import { createVppLicensesAssignAction } from './vppLicensesAssign';
import { createVppLicensesRevokeAction } from './vppLicensesRevoke';

const TOKEN_ID = '3f1c9a52-0b7e-4d1a-9c55-2a8e1f0b6d11';

function answer(
  action: 'assign' | 'revoke',
  body: any,
  overrides: Partial<VppLicenseChangeResult> = {},
): VppLicenseChangeResult {
  const pairs = body.adamIds.flatMap((adamId: string) =>
    body.serials.map((serialNumber: string) => ({ adamId, serialNumber })),
  );
  return {
    tokenId: body.tokenId,
    action,
    dryRun: Boolean(body.dryRun),
    appleRequests: [{ adamIds: body.adamIds, serialNumbers: body.serials }],
    apps: body.adamIds.map((adamId: string) => ({
      adamId,
      requested: body.serials.length,
      available: 10,
    })),
    succeeded: body.dryRun ? [] : pairs,
    failed: [],
    skipped: [],
    pending: [],
    message: `${pairs.length} licenses ${body.dryRun ? 'would be ' : ''}${
      action === 'assign' ? 'assigned' : 'revoked'
    }.`,
    ...overrides,
  };
}

const DEVICES = [
  { id: 'dev-1', serialNumber: 'C02XK1JHJGH5' },
  { id: 'dev-2', serialNumber: 'DMPVQ0ABCD12' },
  { id: 'dev-3', serialNumber: null },
];

function routes(
  overrides: Partial<VppLicenseChangeResult> = {},
): (r: RecordedRequest) => FakeReply {
  return r => {
    const change = /^\/licenses\/(assign|revoke)$/.exec(r.path);
    if (r.method === 'POST' && change) {
      return {
        status: 200,
        body: answer(change[1] as 'assign', r.body, overrides),
      };
    }
    const device = /^\/devices\/([^/?]+)$/.exec(r.path);
    if (r.method === 'GET' && device) {
      const found = DEVICES.find(d => d.id === device[1]);
      return found
        ? { status: 200, body: found }
        : {
            status: 404,
            body: errorBody(404, 'NotFoundError', 'No such device.'),
          };
    }
    if (r.method === 'GET' && r.path.startsWith('/devices?')) {
      return {
        status: 200,
        body: { items: DEVICES, totalCount: DEVICES.length },
      };
    }
    return { status: 404, body: errorBody(404, 'NotFoundError', r.path) };
  };
}

describe.each([
  ['assign', createVppLicensesAssignAction, 'assigned'],
  ['revoke', createVppLicensesRevokeAction, 'revoked'],
] as const)('vpp:licenses:%s', (kind, create, done) => {
  let backend: FakeVppBackend;
  beforeEach(async () => {
    backend = await startFakeVppBackend(routes());
  });
  afterEach(() => backend.close());

  const action = () => create(actionOptions(backend));
  const calls = () => requestLines(backend);

  it('has its id and dry-run support', () => {
    expect(action().id).toBe(`vpp:licenses:${kind}`);
    expect(action().supportsDryRun).toBe(true);
  });

  it(`${kind}s every app for every serial as the initiating user`, async () => {
    const { ctx, outputs, logged } = actionContext({
      token: `resource:default/vpp-token-${TOKEN_ID}`,
      adamIds: ['361309726', '361285480'],
      serials: ['C02XK1JHJGH5', ' DMPVQ0ABCD12 ', 'C02XK1JHJGH5'],
    });
    await action().handler(ctx);
    expect(calls()).toEqual([`POST /licenses/${kind}`]);
    expect(backend.requests[0].headers.authorization).toBe(
      EXPECTED_AUTHORIZATION,
    );
    expect(backend.requests[0].body).toEqual({
      tokenId: TOKEN_ID,
      adamIds: ['361309726', '361285480'],
      serials: ['C02XK1JHJGH5', 'DMPVQ0ABCD12'],
      dryRun: false,
    });
    expect(outputs()).toEqual({
      message: `4 licenses ${done}.`,
      succeeded: 4,
      failed: 0,
      skipped: 0,
      pending: 0,
      appleRequests: 1,
    });
    expect(logged()).toContain('Apple got 1 call.');
  });

  it.each([
    ['the template editor', { isDryRun: true }, {}],
    ['input dryRun', {}, { dryRun: true }],
  ])('in a dry run from %s sends dryRun', async (_, options, extra) => {
    const { ctx, outputs, logged } = actionContext(
      {
        token: TOKEN_ID,
        adamIds: ['361309726'],
        serials: ['C02XK1JHJGH5'],
        ...extra,
      },
      options,
    );
    await action().handler(ctx);
    expect(backend.requests[0].body).toMatchObject({ dryRun: true });
    expect(outputs()).toMatchObject({ succeeded: 0, appleRequests: 1 });
    expect(logged()).toContain('Apple would get 1 call.');
  });

  it('takes the devices from targets: listed ids, or every match of the filters', async () => {
    const byIds = actionContext({
      token: TOKEN_ID,
      adamIds: ['361309726'],
      targets: { deviceIds: ['dev-1', 'dev-3'] },
    });
    await action().handler(byIds.ctx);
    expect(backend.requests.at(-1)!.body).toMatchObject({
      serials: ['C02XK1JHJGH5'],
    });
    expect(byIds.logger.warn).toHaveBeenCalledWith(
      '1 device has no serial number yet (no inventory) and is left out.',
    );

    backend.requests.length = 0;
    await action().handler(
      actionContext({
        token: TOKEN_ID,
        adamIds: ['361309726'],
        targets: { group: 'group:default/tokyo-it', includeSubgroups: true },
      }).ctx,
    );
    expect(calls()[0]).toBe(
      'GET /devices?group=group%3Adefault%2Ftokyo-it&includeSubgroups=true&offset=0&limit=500',
    );
    expect(backend.requests[1].body).toMatchObject({
      serials: ['C02XK1JHJGH5', 'DMPVQ0ABCD12'],
    });
  });

  it("fails with Apple's reasons when pairs failed, after reporting them", async () => {
    backend.reply(
      routes({
        failed: [
          {
            adamId: '361309726',
            serialNumber: 'C02XK1JHJGH5',
            errorNumber: 9709,
            reason: 'No licenses are left for this app (Apple error 9709).',
          },
        ],
      }),
    );
    const { ctx, outputs, logger } = actionContext({
      token: TOKEN_ID,
      adamIds: ['361309726'],
      serials: ['C02XK1JHJGH5'],
    });
    await expect(action().handler(ctx)).rejects.toThrow(
      `1 of the licenses could not be ${done}: 361309726 for C02XK1JHJGH5: No licenses are left for this app (Apple error 9709).`,
    );
    expect(logger.warn).toHaveBeenCalledWith(
      'Failed 361309726 for C02XK1JHJGH5 (error 9709): No licenses are left for this app (Apple error 9709).',
    );
    expect(outputs()).toMatchObject({ failed: 1 });
  });

  it("passes the backend's refusal word for word", async () => {
    const sentence =
      '"Tokyo HQ devices" cannot be used because the token is expired.';
    backend.reply(() => ({
      status: 409,
      body: errorBody(409, 'ConflictError', sentence),
    }));
    await expect(
      action().handler(
        actionContext({
          token: TOKEN_ID,
          adamIds: ['361309726'],
          serials: ['C02XK1JHJGH5'],
        }).ctx,
      ),
    ).rejects.toMatchObject({ name: 'ConflictError', message: sentence });
  });

  it('refuses missing devices and both kinds at once before calling', async () => {
    await expect(
      action().handler(
        actionContext({ token: TOKEN_ID, adamIds: ['361309726'] }).ctx,
      ),
    ).rejects.toThrow(
      'Choose the devices: give serials, or targets (device ids or filters).',
    );
    await expect(
      action().handler(
        actionContext({
          token: TOKEN_ID,
          adamIds: ['361309726'],
          serials: ['X'],
          targets: { deviceIds: ['dev-1'] },
        }).ctx,
      ),
    ).rejects.toThrow(
      'Give the devices either as serials or as targets, not both.',
    );
    expect(calls()).toEqual([]);
  });
});
