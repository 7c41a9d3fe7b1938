import { startSimulator } from '@internal/vpp-simulator';
import {
  STDQ,
  clientFor,
  control,
  downloadToken,
  expectAppleError,
  useSimulator,
} from './contractTestUtils';
import { explainAppleError } from './errorCatalogue';

jest.setTimeout(30_000);

const env = useSimulator(startSimulator);
const { tokyo } = env;

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
    const client = clientFor(env.sim, token.bearer, {
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
      await control(env.sim, 'POST', '/tokens/state', {
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
      env.sim,
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
      env.sim,
      'loc-tokyo',
      new Date(Date.now() + 1500).toISOString(),
    );
    const client = clientFor(env.sim, expiring.bearer);
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
    await control(env.sim, 'POST', '/options', { errorsWithStatus200: true });
    await control(env.sim, 'POST', '/tokens/state', {
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
