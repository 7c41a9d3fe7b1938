import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { restoreState, snapshotState } from './persistence';
import { startSimulator } from './server';
import { SimulatorState } from './state';
import { loadFixture } from './fixtures';
import { request } from './testUtils';

/** A restart with the state file must look to a client as if nothing restarted. */
describe('simulator state file', () => {
  let dir: string;
  let file: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vpp-sim-state-'));
    file = path.join(dir, 'nested', 'simulator.json');
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function post(url: string, body: unknown, bearer?: string) {
    return request(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      },
      body: JSON.stringify(body),
    });
  }

  it('keeps downloaded tokens, licenses, assignments, client config and version ids across a restart', async () => {
    const first = await startSimulator({ stateFile: file, rateLimit: false });
    expect(first.restored).toBe(false);
    expect(fs.existsSync(file)).toBe(true);

    const download = await post(
      `${first.baseUrl}/control/locations/loc-tokyo/tokens`,
      { expiresAt: '2031-01-01T00:00:00Z' },
    );
    const bearer: string = download.body.fileContent;
    await post(`${first.baseUrl}/control/locations/loc-tokyo/purchase`, {
      adamId: '6450000101',
      countDelta: 7,
    });
    const associate = await post(
      `${first.appleBaseUrl}/assets/associate`,
      {
        assets: [{ adamId: '6450000101', pricingParam: 'STDQ' }],
        serialNumbers: ['PERSIST0001'],
      },
      bearer,
    );
    expect(associate.status).toBe(200);
    await first.state.waitForEvent(associate.body.eventId);
    const config = await post(
      `${first.appleBaseUrl}/client/config`,
      { mdmInfo: { id: 'portal-1', name: 'VPP for Backstage', metadata: '' } },
      bearer,
    );
    expect(config.status).toBe(200);
    const headers = { authorization: `Bearer ${bearer}` };
    const before = await request(`${first.appleBaseUrl}/assets`, { headers });
    const devicesBefore = first.mdm.toJSON().devices;
    const assignmentsBefore = await request(
      `${first.appleBaseUrl}/assignments`,
      { headers },
    );
    await first.close();

    const second = await startSimulator({ stateFile: file, rateLimit: false });
    try {
      expect(second.restored).toBe(true);
      const after = await request(`${second.appleBaseUrl}/assets`, {
        headers,
      });
      expect(after.status).toBe(200);
      expect(after.body.assets).toEqual(before.body.assets);
      expect(after.body.versionId).toBe(before.body.versionId);
      const notes = after.body.assets.find(
        (a: { adamId: string }) => a.adamId === '6450000101',
      );
      // 50 + 7 bought; the fixture's 3 devices and 1 user, plus the new device.
      expect(notes).toMatchObject({ totalCount: 57, assignedCount: 5 });

      // An incremental pass from the version seen before the restart still works.
      const since = await request(
        `${second.appleBaseUrl}/assignments?sinceVersionId=${assignmentsBefore.body.versionId}`,
        { headers },
      );
      expect(since.status).toBe(200);
      const all = await request(`${second.appleBaseUrl}/assignments`, {
        headers,
      });
      expect(all.body.assignments).toContainEqual({
        adamId: '6450000101',
        pricingParam: 'STDQ',
        serialNumber: 'PERSIST0001',
      });
      expect(second.state.location('loc-tokyo').mdmInfo).toEqual({
        id: 'portal-1',
        name: 'VPP for Backstage',
        metadata: '',
      });
      // The NanoMDM side's devices are in the same file.
      expect(second.mdm.toJSON().devices).toEqual(devicesBefore);
      // Fixture tokens keep their expiry instead of getting a new one from the restart.
      expect(second.state.listTokens()).toEqual(first.state.listTokens());
    } finally {
      await second.close();
    }
  });

  it('without the file a restart starts from the fixture again', async () => {
    const first = await startSimulator({ rateLimit: false });
    const bearer = first.state.downloadToken('loc-tokyo');
    await first.close();
    const second = await startSimulator({ rateLimit: false });
    try {
      expect(second.restored).toBe(false);
      const answer = await request(`${second.appleBaseUrl}/assets`, {
        headers: { authorization: `Bearer ${bearer}` },
      });
      expect(answer.status).not.toBe(200);
    } finally {
      await second.close();
    }
  });

  it('writes the file after a change made over HTTP, before any close', async () => {
    const sim = await startSimulator({ stateFile: file, rateLimit: false });
    try {
      const before = JSON.parse(fs.readFileSync(file, 'utf8')).tokenCounter;
      // The file is replaced by a rename, so watch the folder for it.
      const written = new Promise<void>(resolve => {
        const watcher = fs.watch(path.dirname(file), () => {
          if (
            fs.existsSync(file) &&
            JSON.parse(fs.readFileSync(file, 'utf8')).tokenCounter ===
              before + 1
          ) {
            watcher.close();
            resolve();
          }
        });
      });
      await post(`${sim.baseUrl}/control/locations/loc-osaka/tokens`, {});
      await written;
      expect(JSON.parse(fs.readFileSync(file, 'utf8')).tokenCounter).toBe(
        before + 1,
      );
    } finally {
      await sim.close();
    }
  });

  it('refuses a snapshot of another fixture and changes nothing', () => {
    const state = new SimulatorState(loadFixture('default'));
    const snapshot = snapshotState(state);
    const other = new SimulatorState(loadFixture('minimal'));
    const tokensBefore = other.listTokens();
    expect(() => restoreState(other, snapshot)).toThrow(
      'written with fixture "default", not "minimal"',
    );
    expect(other.listTokens()).toEqual(tokensBefore);
  });
});
