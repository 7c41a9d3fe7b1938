import {
  errorBody,
  FakeVppBackend,
  makeToken,
  startFakeVppBackend,
} from '../__testUtils__/fakeVppBackend';
import {
  actionContext,
  EXPECTED_AUTHORIZATION,
  actionOptions,
} from '../__testUtils__/actionContext';
import {
  EXAMPLE_TOKEN_DATA_URL,
  EXAMPLE_TOKEN_FILE,
} from './exampleTokenFiles';
import {
  createVppTokenRegisterAction,
  REGISTER_DRY_RUN_OUTPUT,
} from './vppTokenRegister';

describe('vpp:token:register', () => {
  let backend: FakeVppBackend;
  const registered = makeToken();
  // Base64 payload of the data URL, which must not show up anywhere either.
  const payload = EXAMPLE_TOKEN_DATA_URL.split(',')[1];

  beforeEach(async () => {
    backend = await startFakeVppBackend(req =>
      req.method === 'POST' && req.path === '/tokens'
        ? { status: 201, body: registered }
        : { status: 404, body: errorBody(404, 'NotFoundError', 'No route') },
    );
  });

  afterEach(() => backend.close());

  const action = () =>
    createVppTokenRegisterAction({
      ...actionOptions(backend),
    });

  it('has the id, dry-run support and schema the templates rely on', () => {
    const a = action();
    expect(a.id).toBe('vpp:token:register');
    expect(a.supportsDryRun).toBe(true);
    expect(a.schema?.input).toMatchObject({
      type: 'object',
      required: ['tokenFile', 'owner'],
      properties: {
        tokenFile: { type: 'string' },
        owner: { type: 'string' },
        displayName: { type: 'string' },
        notes: { type: 'string' },
        takeOver: { type: 'boolean' },
      },
    });
    expect(a.schema?.output).toMatchObject({
      properties: {
        tokenId: { type: 'string' },
        entityRef: { type: 'string' },
        locationName: { type: 'string' },
        expiresAt: { type: 'string' },
      },
    });
  });

  it('registers the decoded file as the initiating user and outputs the token', async () => {
    const { ctx, outputs, logged } = actionContext({
      tokenFile: EXAMPLE_TOKEN_DATA_URL,
      owner: 'group:default/tokyo-it',
      displayName: 'Tokyo HQ devices',
      notes: 'Apple Account it-admin@example.com, downloaded 2026-03-31',
      takeOver: false,
    });

    await action().handler(ctx);

    expect(backend.requests).toHaveLength(1);
    const [request] = backend.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/tokens' });
    expect(request.headers.authorization).toBe(EXPECTED_AUTHORIZATION);
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.body).toEqual({
      tokenFile: EXAMPLE_TOKEN_FILE,
      owner: 'group:default/tokyo-it',
      displayName: 'Tokyo HQ devices',
      notes: 'Apple Account it-admin@example.com, downloaded 2026-03-31',
      takeOver: false,
    });

    expect(outputs()).toEqual({
      tokenId: registered.id,
      entityRef: `resource:default/vpp-token-${registered.id}`,
      locationName: 'Tokyo HQ',
      expiresAt: '2027-03-31T00:00:00.000Z',
    });
    // R-TOK-1: the success message names the location and the new expiry.
    expect(logged()).toContain(
      'Registered "Tokyo HQ devices" for the location Tokyo HQ (Example Corp); it expires on 2027-03-31.',
    );
    expect(logged()).toContain('sToken_for_Tokyo HQ.vpptoken');
  });

  it('accepts the file content as a plain string and a short owner ref', async () => {
    const { ctx } = actionContext({
      tokenFile: EXAMPLE_TOKEN_FILE,
      owner: 'osaka-it',
      takeOver: true,
    });

    await action().handler(ctx);

    expect(backend.requests[0].body).toEqual({
      tokenFile: EXAMPLE_TOKEN_FILE,
      owner: 'group:default/osaka-it',
      takeOver: true,
    });
  });

  it('never logs or outputs the token file', async () => {
    const { ctx, outputs, logged } = actionContext({
      tokenFile: EXAMPLE_TOKEN_DATA_URL,
      owner: 'group:default/tokyo-it',
    });

    await action().handler(ctx);

    const everything = `${logged()}\n${JSON.stringify(outputs())}`;
    expect(everything).not.toContain(EXAMPLE_TOKEN_FILE);
    expect(everything).not.toContain(payload);
  });

  it('passes the backend sentence through on a 409', async () => {
    const sentence =
      'The location Tokyo HQ is managed by Jamf Pro. Choose "Take over" to move it to this portal, or release it in Jamf Pro first.';
    backend.reply(() => ({
      status: 409,
      body: errorBody(409, 'ConflictError', sentence),
    }));
    const { ctx, outputs } = actionContext({
      tokenFile: EXAMPLE_TOKEN_DATA_URL,
      owner: 'group:default/tokyo-it',
    });

    await expect(action().handler(ctx)).rejects.toMatchObject({
      name: 'ConflictError',
      message: sentence,
    });
    expect(outputs()).toEqual({});
  });

  it('passes 400 and 403 sentences through as input and permission errors', async () => {
    backend.reply(() => ({
      status: 400,
      body: errorBody(400, 'InputError', 'The file is not Base64.'),
    }));
    const { ctx } = actionContext({
      tokenFile: EXAMPLE_TOKEN_FILE,
      owner: 'group:default/tokyo-it',
    });
    await expect(action().handler(ctx)).rejects.toMatchObject({
      name: 'InputError',
      message: 'The file is not Base64.',
    });

    backend.reply(() => ({
      status: 403,
      body: errorBody(403, 'NotAllowedError', 'You may not register tokens.'),
    }));
    await expect(action().handler(ctx)).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: 'You may not register tokens.',
    });
  });

  it('refuses a bad data URL before calling the backend', async () => {
    const { ctx } = actionContext({
      tokenFile: 'data:application/octet-stream;name=x.vpptoken;base64,%%%',
      owner: 'group:default/tokyo-it',
    });

    await expect(action().handler(ctx)).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringContaining('The file x.vpptoken could not be read'),
    });
    expect(backend.requests).toHaveLength(0);
  });

  it('refuses an owner that is not a group', async () => {
    const { ctx } = actionContext({
      tokenFile: EXAMPLE_TOKEN_FILE,
      owner: 'user:default/aiko',
    });

    await expect(action().handler(ctx)).rejects.toThrow(
      /The owner must be a group/,
    );
    expect(backend.requests).toHaveLength(0);
  });

  describe('dry run', () => {
    it('only reads the file locally and outputs placeholders', async () => {
      const { ctx, outputs, logged } = actionContext(
        { tokenFile: EXAMPLE_TOKEN_DATA_URL, owner: 'group:default/tokyo-it' },
        { isDryRun: true },
      );

      await action().handler(ctx);

      expect(backend.requests).toHaveLength(0);
      expect(outputs()).toEqual(REGISTER_DRY_RUN_OUTPUT);
      expect(logged()).toContain(
        'Dry run: read the file sToken_for_Tokyo HQ.vpptoken',
      );
      expect(logged()).not.toContain(payload);
      expect(logged()).not.toContain(EXAMPLE_TOKEN_FILE);
    });

    it('fails on a bad data URL', async () => {
      const { ctx } = actionContext(
        {
          tokenFile: 'data:application/octet-stream;base64,QUJDR',
          owner: 'group:default/tokyo-it',
        },
        { isDryRun: true },
      );

      await expect(action().handler(ctx)).rejects.toThrow(/not valid Base64/);
    });
  });
});
