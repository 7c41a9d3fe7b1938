import { RenewalCheck, RenewalPreview } from '@internal/plugin-vpp-common';
import {
  errorBody,
  FakeReply,
  FakeVppBackend,
  makeToken,
  RecordedRequest,
  startFakeVppBackend,
  requestLines,
} from '../__testUtils__/fakeVppBackend';
import {
  actionContext,
  EXPECTED_AUTHORIZATION,
  actionOptions,
} from '../__testUtils__/actionContext';
import {
  EXAMPLE_RENEWAL_DATA_URL,
  EXAMPLE_RENEWAL_FILE,
} from './exampleTokenFiles';
import { createVppTokenRenewAction } from './vppTokenRenew';

const TOKEN_ID = '3f1c9a52-0b7e-4d1a-9c55-2a8e1f0b6d11';
const before = makeToken({
  id: TOKEN_ID,
  expiresAt: '2026-03-31T00:00:00.000Z',
  daysLeft: 12,
  status: 'expiring',
});
const after = makeToken({
  id: TOKEN_ID,
  expiresAt: '2027-03-31T00:00:00.000Z',
  daysLeft: 377,
  status: 'ok',
});

function checks(
  overrides: Partial<Record<string, Partial<RenewalCheck>>> = {},
) {
  const all: RenewalCheck[] = [
    {
      id: 'registered',
      passed: true,
      message: 'Tokyo HQ devices is registered here.',
    },
    {
      id: 'later-expiry',
      passed: true,
      message: 'The new file expires on 2027-03-31, after 2026-03-31.',
    },
    {
      id: 'not-other-mdm',
      passed: true,
      message: 'No other MDM product manages the location Tokyo HQ.',
    },
    {
      id: 'not-other-account',
      passed: true,
      message: 'The location Tokyo HQ is not registered under another owner.',
    },
    {
      id: 'location-exists',
      passed: true,
      message: 'The location Tokyo HQ still exists at Apple.',
    },
  ];
  return all.map(c => ({ ...c, ...overrides[c.id] }));
}

function preview(overrides: Partial<RenewalPreview> = {}): RenewalPreview {
  const all = overrides.checks ?? checks();
  return {
    ok: all.every(c => c.passed),
    checks: all,
    current: before,
    next: { expiresAt: after.expiresAt, locationName: 'Tokyo HQ' },
    ...overrides,
  };
}

describe('vpp:token:renew', () => {
  let backend: FakeVppBackend;
  let previewReply: RenewalPreview;

  function routes(req: RecordedRequest): FakeReply {
    if (req.method === 'GET' && req.path === `/tokens/${TOKEN_ID}`) {
      return { status: 200, body: before };
    }
    if (req.method === 'POST' && req.path === `/tokens/${TOKEN_ID}/renew`) {
      return { status: 200, body: after };
    }
    if (
      req.method === 'POST' &&
      req.path === `/tokens/${TOKEN_ID}/renew/preview`
    ) {
      return { status: 200, body: previewReply };
    }
    return {
      status: 404,
      body: errorBody(
        404,
        'NotFoundError',
        'No content token with this id is registered. Register the token first.',
      ),
    };
  }

  beforeEach(async () => {
    previewReply = preview();
    backend = await startFakeVppBackend(routes);
  });

  afterEach(() => backend.close());

  const action = () =>
    createVppTokenRenewAction({
      ...actionOptions(backend),
    });

  it('has the id, dry-run support and schema the templates rely on', () => {
    const a = action();
    expect(a.id).toBe('vpp:token:renew');
    expect(a.supportsDryRun).toBe(true);
    expect(a.schema?.input).toMatchObject({
      required: ['token', 'tokenFile'],
      properties: {
        token: { type: 'string' },
        tokenFile: { type: 'string' },
        takeOver: { type: 'boolean' },
      },
    });
    expect(Object.keys(a.schema?.output?.properties ?? {}).sort()).toEqual([
      'entityRef',
      'expiresAt',
      'locationName',
      'previousExpiresAt',
      'tokenId',
    ]);
  });

  it.each([
    ['the catalog entity ref', `resource:default/vpp-token-${TOKEN_ID}`],
    ['a bare token id', TOKEN_ID],
  ])(
    'renews the token given as %s with the decoded file, as the initiating user',
    async (_, token) => {
      const { ctx, outputs, logged } = actionContext({
        token,
        tokenFile: EXAMPLE_RENEWAL_DATA_URL,
      });

      await action().handler(ctx);

      expect(requestLines(backend)).toEqual([
        `GET /tokens/${TOKEN_ID}`,
        `POST /tokens/${TOKEN_ID}/renew`,
      ]);
      for (const request of backend.requests) {
        expect(request.headers.authorization).toBe(EXPECTED_AUTHORIZATION);
      }
      expect(backend.requests[1].body).toEqual({
        tokenFile: EXAMPLE_RENEWAL_FILE,
      });
      expect(outputs()).toEqual({
        tokenId: TOKEN_ID,
        entityRef: `resource:default/vpp-token-${TOKEN_ID}`,
        locationName: 'Tokyo HQ',
        expiresAt: '2027-03-31T00:00:00.000Z',
        previousExpiresAt: '2026-03-31T00:00:00.000Z',
      });
      expect(logged()).toContain(
        'Renewed "Tokyo HQ devices" for the location Tokyo HQ: it now expires on 2027-03-31 (was 2026-03-31).',
      );
    },
  );

  it('sends takeOver when asked to', async () => {
    const { ctx } = actionContext({
      token: TOKEN_ID,
      tokenFile: EXAMPLE_RENEWAL_FILE,
      takeOver: true,
    });

    await action().handler(ctx);

    expect(backend.requests[1].body).toEqual({
      tokenFile: EXAMPLE_RENEWAL_FILE,
      takeOver: true,
    });
  });

  it('never logs or outputs the token file', async () => {
    const { ctx, outputs, logged } = actionContext({
      token: TOKEN_ID,
      tokenFile: EXAMPLE_RENEWAL_DATA_URL,
    });
    await action().handler(ctx);

    const dry = actionContext(
      { token: TOKEN_ID, tokenFile: EXAMPLE_RENEWAL_DATA_URL },
      { isDryRun: true },
    );
    await action().handler(dry.ctx);

    const everything = [
      logged(),
      JSON.stringify(outputs()),
      dry.logged(),
      JSON.stringify(dry.outputs()),
    ].join('\n');
    expect(everything).not.toContain(EXAMPLE_RENEWAL_FILE);
    expect(everything).not.toContain(EXAMPLE_RENEWAL_DATA_URL.split(',')[1]);
  });

  it('passes the backend sentence through on a 409', async () => {
    const sentence =
      'The location Tokyo HQ is registered here under another owner (Osaka IT). Renew that token instead, or remove it first.';
    backend.reply(req =>
      req.path.endsWith('/renew')
        ? { status: 409, body: errorBody(409, 'ConflictError', sentence) }
        : routes(req),
    );
    const { ctx, outputs } = actionContext({
      token: TOKEN_ID,
      tokenFile: EXAMPLE_RENEWAL_DATA_URL,
    });

    await expect(action().handler(ctx)).rejects.toMatchObject({
      name: 'ConflictError',
      message: sentence,
    });
    expect(outputs()).toEqual({});
  });

  it('reports an unknown token with the backend sentence', async () => {
    const { ctx } = actionContext({
      token: 'resource:default/vpp-token-unknown',
      tokenFile: EXAMPLE_RENEWAL_DATA_URL,
    });

    await expect(action().handler(ctx)).rejects.toMatchObject({
      name: 'NotFoundError',
      message:
        'No content token with this id is registered. Register the token first.',
    });
    expect(backend.requests.map(r => r.path)).toEqual(['/tokens/unknown']);
  });

  it('refuses an entity that is not a token, and a bad data URL, before calling the backend', async () => {
    await expect(
      action().handler(
        actionContext({
          token: 'component:default/vpp-token-x',
          tokenFile: EXAMPLE_RENEWAL_FILE,
        }).ctx,
      ),
    ).rejects.toThrow(/is not a content token/);

    await expect(
      action().handler(
        actionContext({ token: TOKEN_ID, tokenFile: 'data:;base64' }).ctx,
      ),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringContaining('has no content part'),
    });

    expect(backend.requests).toHaveLength(0);
  });

  describe('dry run', () => {
    it('previews the renewal, logs the five checks and outputs the new expiry', async () => {
      const { ctx, outputs, logger } = actionContext(
        { token: TOKEN_ID, tokenFile: EXAMPLE_RENEWAL_DATA_URL },
        { isDryRun: true },
      );

      await action().handler(ctx);

      expect(requestLines(backend)).toEqual([
        `POST /tokens/${TOKEN_ID}/renew/preview`,
      ]);
      expect(backend.requests[0].headers.authorization).toBe(
        EXPECTED_AUTHORIZATION,
      );
      expect(backend.requests[0].body).toEqual({
        tokenFile: EXAMPLE_RENEWAL_FILE,
      });

      const infos = logger.info.mock.calls.map(c => c[0]);
      for (const check of checks()) {
        expect(infos).toContain(`Check passed (${check.id}): ${check.message}`);
      }
      expect(outputs()).toEqual({
        tokenId: TOKEN_ID,
        entityRef: `resource:default/vpp-token-${TOKEN_ID}`,
        locationName: 'Tokyo HQ',
        expiresAt: '2027-03-31T00:00:00.000Z',
        previousExpiresAt: '2026-03-31T00:00:00.000Z',
      });
    });

    it("fails with the failed checks' messages when the renewal would be refused", async () => {
      previewReply = preview({
        checks: checks({
          'later-expiry': {
            passed: false,
            message:
              'The new file expires on 2026-03-31, which is not later than the current expiry 2026-03-31. Download a new token from Apple Business Manager.',
          },
          'location-exists': {
            passed: false,
            message:
              'Apple no longer knows the location Tokyo HQ. Check the location in Apple Business Manager.',
          },
        }),
      });
      const { ctx, outputs, logger } = actionContext(
        { token: TOKEN_ID, tokenFile: EXAMPLE_RENEWAL_DATA_URL },
        { isDryRun: true },
      );

      await expect(action().handler(ctx)).rejects.toMatchObject({
        name: 'InputError',
        message:
          '"Tokyo HQ devices" cannot be renewed with this file: The new file expires on 2026-03-31, which is not later than the current expiry 2026-03-31. Download a new token from Apple Business Manager. Apple no longer knows the location Tokyo HQ. Check the location in Apple Business Manager.',
      });
      expect(logger.error).toHaveBeenCalledWith(
        expect.stringContaining('Check failed (later-expiry)'),
      );
      expect(logger.info).toHaveBeenCalledWith(
        'Check passed (registered): Tokyo HQ devices is registered here.',
      );
      expect(outputs()).toEqual({});
      expect(backend.requests.map(r => r.path)).not.toContain(
        `/tokens/${TOKEN_ID}/renew`,
      );
    });

    it('lets takeOver excuse only the other-MDM check', async () => {
      previewReply = preview({
        checks: checks({
          'not-other-mdm': {
            passed: false,
            message: 'The location Tokyo HQ is managed by Jamf Pro.',
          },
        }),
        next: {
          expiresAt: after.expiresAt,
          locationName: 'Tokyo HQ',
          claimedBy: 'Jamf Pro',
        },
      });

      const refused = actionContext(
        { token: TOKEN_ID, tokenFile: EXAMPLE_RENEWAL_FILE },
        { isDryRun: true },
      );
      await expect(action().handler(refused.ctx)).rejects.toThrow(
        'The location Tokyo HQ is managed by Jamf Pro.',
      );

      const takingOver = actionContext(
        { token: TOKEN_ID, tokenFile: EXAMPLE_RENEWAL_FILE, takeOver: true },
        { isDryRun: true },
      );
      await action().handler(takingOver.ctx);
      expect(takingOver.logger.warn).toHaveBeenCalledWith(
        'Check failed (not-other-mdm): The location Tokyo HQ is managed by Jamf Pro. The location will be taken over from Jamf Pro because takeOver is set.',
      );
      expect(takingOver.outputs()).toMatchObject({
        expiresAt: '2027-03-31T00:00:00.000Z',
      });
    });

    it('fails when the backend says no without a failed check', async () => {
      previewReply = preview({ ok: false });
      const { ctx } = actionContext(
        { token: TOKEN_ID, tokenFile: EXAMPLE_RENEWAL_FILE },
        { isDryRun: true },
      );
      await expect(action().handler(ctx)).rejects.toThrow(
        /cannot be renewed with this file; the vpp backend gave no reason/,
      );
    });

    it('passes a backend refusal of the preview through', async () => {
      backend.reply(() => ({
        status: 403,
        body: errorBody(
          403,
          'NotAllowedError',
          'You may not renew Tokyo HQ devices; ask a member of Tokyo IT.',
        ),
      }));
      const { ctx } = actionContext(
        { token: TOKEN_ID, tokenFile: EXAMPLE_RENEWAL_FILE },
        { isDryRun: true },
      );
      await expect(action().handler(ctx)).rejects.toMatchObject({
        name: 'NotAllowedError',
        message:
          'You may not renew Tokyo HQ devices; ask a member of Tokyo IT.',
      });
    });
  });
});
