import { RunningSimulator } from '../server';
import {
  appleClient,
  AppleClient,
  request,
  startNotificationReceiver,
  startTestSimulator,
  tokenOf,
} from '../testUtils';

const CHAT = { adamId: '6450000104', pricingParam: 'STDQ' };

describe('notifications', () => {
  let sim: RunningSimulator;
  let receiver: Awaited<ReturnType<typeof startNotificationReceiver>>;
  let tokyo: AppleClient;

  beforeAll(async () => {
    sim = await startTestSimulator({ allowHttpNotificationUrls: true });
  });
  afterAll(() => sim.close());
  beforeEach(async () => {
    sim.state.reset();
    receiver = await startNotificationReceiver();
    tokyo = appleClient(sim, tokenOf(sim, 'loc-tokyo'));
  });
  afterEach(async () => {
    await receiver.close();
  });

  async function subscribe(types: string[]) {
    const answer = await tokyo.post('/client/config', {
      notificationUrl: receiver.url,
      notificationAuthToken: 'n0t1f1c4t10n-s3cr3t',
      notificationTypes: types,
    });
    expect(answer.status).toBe(200);
    return answer;
  }

  it('sends TEST_NOTIFICATION when notifications are configured', async () => {
    const answer = await subscribe(['ASSET_MANAGEMENT', 'ASSET_COUNT']);
    expect(answer.body).toMatchObject({
      notificationUrl: receiver.url,
      notificationAuthToken: 'n0t1f1c4t10n-s3cr3t',
      subscribedNotificationTypes: ['ASSET_MANAGEMENT', 'ASSET_COUNT'],
    });
    // Delivered before the POST answered.
    expect(receiver.received).toHaveLength(1);
    const [test] = receiver.received;
    expect(test.authorization).toBe('Bearer n0t1f1c4t10n-s3cr3t');
    expect(test.contentType).toMatch(/application\/json/);
    expect(test.body).toEqual({
      notification: {},
      notificationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      notificationType: 'TEST_NOTIFICATION',
      uId: '2049025000431001',
    });
    const config = await tokyo.get('/client/config');
    expect(config.body.notificationUrl).toBe(receiver.url);
  });

  it('rejects the configuration with 9728 when the test notification fails', async () => {
    receiver.respondWith(500);
    const answer = await tokyo.post('/client/config', {
      notificationUrl: receiver.url,
      notificationAuthToken: 'secret',
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errorNumber).toBe(9728);
    const unreachable = await tokyo.post('/client/config', {
      notificationUrl: 'http://127.0.0.1:1/unreachable',
      notificationAuthToken: 'secret',
    });
    expect(unreachable.body.errorNumber).toBe(9728);
    expect(
      (await tokyo.get('/client/config')).body.notificationUrl,
    ).toBeUndefined();
  });

  it('requires HTTPS unless allowHttpNotificationUrls is on', async () => {
    sim.state.setOptions({ allowHttpNotificationUrls: false });
    const answer = await tokyo.post('/client/config', {
      notificationUrl: receiver.url,
      notificationAuthToken: 'secret',
    });
    expect(answer.body.errorNumber).toBe(9712);
    expect(receiver.received).toHaveLength(0);
  });

  it('sends ASSET_MANAGEMENT per event, at most 100 assignments each', async () => {
    await subscribe(['ASSET_MANAGEMENT']);
    const serialNumbers = Array.from({ length: 150 }, (_, i) => `N-${i}`);
    const answer = await tokyo.post('/assets/associate', {
      assets: [CHAT],
      serialNumbers,
    });
    await sim.state.waitForEvent(answer.body.eventId);
    await receiver.waitFor(3);
    const batches = receiver.received.slice(1).map(r => r.body);
    expect(batches.map(b => b.notificationType)).toEqual([
      'ASSET_MANAGEMENT',
      'ASSET_MANAGEMENT',
    ]);
    expect(batches.map(b => b.notification.assignments.length)).toEqual([
      100, 50,
    ]);
    expect(batches[0].notification).toMatchObject({
      eventId: answer.body.eventId,
      result: 'SUCCESS',
      type: 'ASSOCIATE',
    });
    expect(batches[0].notification.assignments[0]).toEqual({
      ...CHAT,
      serialNumber: 'N-0',
    });
    expect(new Set(batches.map(b => b.notificationId)).size).toBe(2);
  });

  it('reports 9709 in a FAILURE notification with the failed assignments', async () => {
    await subscribe(['ASSET_MANAGEMENT']);
    const answer = await tokyo.post('/assets/associate', {
      assets: [{ adamId: '6450000102', pricingParam: 'STDQ' }],
      serialNumbers: ['F-1', 'F-2'],
    });
    await sim.state.waitForEvent(answer.body.eventId);
    await receiver.waitFor(3);
    const failure = receiver.received
      .map(r => r.body.notification)
      .find(n => n.result === 'FAILURE');
    expect(failure).toEqual({
      assignments: [
        { adamId: '6450000102', pricingParam: 'STDQ', serialNumber: 'F-2' },
      ],
      error: {
        errorMessage:
          'There are not enough licenses for this app or book available to assign to the selected group.',
        errorNumber: 9709,
      },
      eventId: answer.body.eventId,
      result: 'FAILURE',
      type: 'ASSOCIATE',
    });
  });

  it('sends ASSET_COUNT on a purchase and only for subscribed types', async () => {
    await subscribe(['ASSET_COUNT']);
    const before = (await tokyo.get('/assets?adamId=6450000101')).body;
    const purchase = await request(
      `${sim.baseUrl}/control/locations/loc-tokyo/purchase`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ adamId: '6450000101', countDelta: 12 }),
      },
    );
    expect(purchase.body).toMatchObject({ totalCount: 62, availableCount: 58 });
    await receiver.waitFor(2);
    expect(receiver.received[1].body).toEqual({
      notification: {
        adamId: '6450000101',
        countDelta: 12,
        pricingParam: 'STDQ',
      },
      notificationId: expect.any(String),
      notificationType: 'ASSET_COUNT',
      uId: '2049025000431001',
    });
    const after = (await tokyo.get('/assets?adamId=6450000101')).body;
    expect(after.assets[0].totalCount).toBe(62);
    expect(after.versionId).not.toBe(before.versionId);

    // ASSET_MANAGEMENT is not subscribed: nothing more arrives.
    const event = await tokyo.post('/assets/associate', {
      assets: [CHAT],
      serialNumbers: ['Q-1'],
    });
    await sim.state.waitForEvent(event.body.eventId);
    await sim.state.notificationsIdle();
    expect(receiver.received).toHaveLength(2);
  });

  it('retries failed deliveries up to 3 attempts', async () => {
    await subscribe(['ASSET_COUNT']);
    receiver.respondWith(500, 503);
    sim.state.purchase('loc-tokyo', '6450000101', 'STDQ', 1);
    await receiver.waitFor(2);
    await sim.state.notificationsIdle();
    const delivery = sim.state
      .notifications()
      .find(d => d.notificationType === 'ASSET_COUNT')!;
    expect(delivery).toMatchObject({
      attempts: 3,
      delivered: true,
      lastStatus: 200,
    });

    receiver.respondWith(500, 500, 500, 500);
    sim.state.purchase('loc-tokyo', '6450000101', 'STDQ', 1);
    await sim.state.notificationsIdle();
    const failed = sim.state
      .notifications()
      .filter(d => d.notificationType === 'ASSET_COUNT')[1];
    expect(failed).toMatchObject({
      attempts: 3,
      delivered: false,
      lastStatus: 500,
    });
    expect(receiver.received).toHaveLength(2);
  });

  it('sometimes delivers a notification twice with the same notificationId', async () => {
    sim.state.setOptions({ duplicateNotificationRate: 1 });
    await subscribe(['ASSET_COUNT']);
    sim.state.purchase('loc-tokyo', '6450000101', 'STDQ', -1);
    await receiver.waitFor(3);
    await sim.state.notificationsIdle();
    const counts = receiver.received.filter(
      r => r.body.notificationType === 'ASSET_COUNT',
    );
    expect(counts).toHaveLength(2);
    expect(counts[0].body).toEqual(counts[1].body);
    expect(counts[0].body.notification.countDelta).toBe(-1);
  });

  it('sends USER_MANAGEMENT and USER_ASSOCIATED', async () => {
    await subscribe(['USER_MANAGEMENT', 'USER_ASSOCIATED']);
    const created = await tokyo.post('/users/create', {
      users: [
        { clientUserId: 'client-100', email: 'client-100@example.co.jp' },
      ],
    });
    await sim.state.waitForEvent(created.body.eventId);
    await receiver.waitFor(2);
    const management = receiver.received[1].body;
    expect(management.notificationType).toBe('USER_MANAGEMENT');
    expect(management.notification).toEqual({
      eventId: created.body.eventId,
      result: 'SUCCESS',
      type: 'CREATE',
      users: [
        {
          clientUserId: 'client-100',
          email: 'client-100@example.co.jp',
          inviteCode: expect.any(String),
          status: 'Registered',
        },
      ],
    });
    // Following the invitation link from service config associates the user.
    const config = await request(`${sim.appleBaseUrl}/service/config`);
    const link = config.body.urls.invitationEmail.replace(
      '%25inviteCode%25',
      management.notification.users[0].inviteCode,
    );
    expect((await request(link)).status).toBe(200);
    await receiver.waitFor(3);
    expect(receiver.received[2].body).toMatchObject({
      notificationType: 'USER_ASSOCIATED',
      notification: {
        associatedUsers: [
          {
            clientUserId: 'client-100',
            idHash: expect.any(String),
            inviteCode: management.notification.users[0].inviteCode,
            status: 'Associated',
          },
        ],
      },
    });
  });

  it('an empty URL and token pair switches notifications off', async () => {
    await subscribe(['ASSET_COUNT']);
    const off = await tokyo.post('/client/config', {
      notificationUrl: '',
      notificationAuthToken: '',
    });
    expect(off.status).toBe(200);
    expect(off.body.notificationUrl).toBeUndefined();
    sim.state.purchase('loc-tokyo', '6450000101', 'STDQ', 1);
    await sim.state.notificationsIdle();
    expect(receiver.received).toHaveLength(1);
  });
});
