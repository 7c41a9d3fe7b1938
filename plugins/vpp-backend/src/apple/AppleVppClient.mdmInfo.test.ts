import { MdmInfoChange } from './AppleVppClient';
import {
  OTHER,
  OURS,
  common,
  fakeApple,
  useFakeAppleTest,
} from './clientTestUtils';
import { sendJson } from './testUtils';

const env = useFakeAppleTest();
const { client } = env;

describe('AppleVppClient mdmInfo', () => {
  it('reports changes of the managing service and returns metadata', async () => {
    let mdmInfo: object | undefined = OURS;
    env.server.setHandler(
      fakeApple({
        'GET /client/config': (_q, r) =>
          sendJson(r, 200, { ...common, ...(mdmInfo ? { mdmInfo } : {}) }),
        'GET /assets': (_q, r) =>
          sendJson(r, 200, {
            ...common,
            ...(mdmInfo ? { mdmInfo } : {}),
            assets: [],
            totalPages: 1,
          }),
        'POST /assets/associate': (_q, r) =>
          sendJson(r, 200, { ...common, eventId: 'e' }),
      }),
    );
    const changes: MdmInfoChange[] = [];
    const c = client({
      mdmInfo: OURS,
      onMdmInfoChange: change => changes.push(change),
    });

    await c.getClientConfig();
    await c.getAssets();
    expect(changes).toEqual([]);
    expect(c.lastResponseMetadata).toMatchObject({
      uId: '2049025000431439',
      tokenExpirationDate: '2031-03-01T10:00:00+0000',
      tokenExpiresAt: new Date('2031-03-01T10:00:00Z'),
      mdmInfoIsOurs: true,
      endpoint: 'GET /assets',
    });

    mdmInfo = OTHER;
    await c.getAssets();
    await c.getAssets();
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({
      previous: OURS,
      current: OTHER,
      isOurs: false,
      endpoint: 'GET /assets',
      uId: '2049025000431439',
    });

    // Responses that never carry mdmInfo (EventResponse) do not count as "absent".
    await c.associateAssets({
      assets: [{ adamId: '1', pricingParam: 'STDQ' }],
      serialNumbers: ['S'],
    });
    expect(changes).toHaveLength(1);

    // Absent from /client/config after it was set: reported as cleared.
    mdmInfo = undefined;
    await c.getClientConfig();
    expect(changes[1]).toMatchObject({
      previous: OTHER,
      current: null,
      isOurs: false,
    });

    mdmInfo = OURS;
    await c.getAssets();
    expect(changes[2]).toMatchObject({
      previous: null,
      current: OURS,
      isOurs: true,
    });
  });

  it('reports another service on first sight, but not an unclaimed location', async () => {
    env.server.setHandler(
      fakeApple({
        'GET /client/config': (_q, r) => sendJson(r, 200, { ...common }),
      }),
    );
    const changes: MdmInfoChange[] = [];
    const c = client({
      mdmInfo: OURS,
      onMdmInfoChange: change => changes.push(change),
    });
    await c.getClientConfig();
    expect(changes).toEqual([]);
    expect(c.observedMdmInfo).toBeNull();

    env.server.setHandler(
      fakeApple({
        'GET /client/config': (_q, r) =>
          sendJson(r, 200, { ...common, mdmInfo: OTHER }),
      }),
    );
    const fresh = client({
      mdmInfo: OURS,
      onMdmInfoChange: change => changes.push(change),
    });
    await fresh.getClientConfig();
    expect(changes).toEqual([
      expect.objectContaining({
        previous: undefined,
        current: OTHER,
        isOurs: false,
      }),
    ]);
  });

  it('counts mdmInfo as ours after a successful POST even if the answer does not echo it', async () => {
    let echo = false;
    env.server.setHandler(
      fakeApple({
        'POST /client/config': (_q, r) => sendJson(r, 200, { ...common }),
        'GET /client/config': (_q, r) =>
          sendJson(r, 200, { ...common, ...(echo ? { mdmInfo: OURS } : {}) }),
      }),
    );
    const changes: MdmInfoChange[] = [];
    const c = client({
      mdmInfo: OURS,
      onMdmInfoChange: change => changes.push(change),
    });
    await c.updateClientConfig({ mdmInfo: { ...OURS, metadata: '1.0.0' } });
    expect(c.observedMdmInfo).toMatchObject({ id: OURS.id });
    echo = true;
    await c.getClientConfig();
    expect(changes).toEqual([]);
    echo = false;
    await c.getClientConfig();
    expect(changes).toEqual([
      expect.objectContaining({ current: null, isOurs: false }),
    ]);
  });

  it('survives a throwing callback', async () => {
    env.server.setHandler(
      fakeApple({
        'GET /client/config': (_q, r) => sendJson(r, 200, { mdmInfo: OTHER }),
      }),
    );
    const c = client({
      mdmInfo: OURS,
      onMdmInfoChange: () => {
        throw new Error('callback bug');
      },
    });
    await expect(c.getClientConfig()).resolves.toMatchObject({
      mdmInfo: OTHER,
    });
  });
});
