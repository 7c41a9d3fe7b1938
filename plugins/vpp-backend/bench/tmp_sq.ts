import knexFactory from 'knex';
import { DatabaseDeviceStore } from '../src/database/DatabaseDeviceStore';
import { device, random, pick } from './devicesData';
async function main() {
  const knex = knexFactory({ client: 'better-sqlite3', connection: { filename: ':memory:' }, useNullAsDefault: true });
  const store = await DatabaseDeviceStore.create({ database: { getClient: async () => knex } as any });
  const now = new Date();
  const devices: any[] = [];
  for (let n = 0; n < 100000; n += 5000) {
    const batch = Array.from({ length: 5000 }, (_, i) => device(n + i, now));
    await store.insertDevices(batch);
    devices.push(...batch);
  }
  await knex.raw('ANALYZE');
  const partOf = (value: string) => { if (value.length <= 4) return value; const length = Math.min(value.length, 4 + Math.floor(random() * 5)); const start = Math.floor(random() * (value.length - length + 1)); return value.slice(start, start + length).trim() || value; };
  const time = async (f: () => Promise<unknown>) => { const t = performance.now(); const r = await f(); return [performance.now() - t, r] as const; };
  for (const field of ['udid', 'email']) {
    const col = field === 'udid' ? 'udid_norm' : 'email_norm';
    const rows: string[] = [];
    for (let i = 0; i < 25; i++) {
      const needle = partOf(pick(devices)[field]).toLowerCase();
      const [full, res] = await time(() => store.searchDevices({ field: { name: field as any, value: needle } } as any, { sort: 'displayName', order: 'asc', offset: 0, limit: 50 }));
      const [ftsCount] = await time(() => knex.raw(`SELECT count(*) c FROM vpp_devices_fts WHERE vpp_devices_fts MATCH ?`, [`${col} : "${needle}"`]));
      const [probe, pr] = await time(() => knex.raw(`SELECT count(*) c FROM (SELECT 1 FROM vpp_devices_fts WHERE vpp_devices_fts MATCH ? LIMIT 2001)`, [`${col} : "${needle}"`]));
      const [instrCount] = await time(() => knex.raw(`SELECT count(*) c FROM vpp_device_listing WHERE instr(${col}, ?) > 0`, [needle]));
      const [walk] = await time(() => knex.raw(`SELECT id FROM vpp_devices d WHERE d.platform IS NOT NULL AND instr(d.${col}, ?) > 0 ORDER BY d.display_name_norm ASC NULLS LAST, d.id ASC LIMIT 50`, [needle]));
      rows.push(`${needle.padEnd(12)} n=${String((res as any).totalCount).padStart(6)} full=${full.toFixed(1)} ftsCount=${ftsCount.toFixed(1)} probe=${probe.toFixed(1)}(${(pr as any)[0].c}) instrCount=${instrCount.toFixed(1)} walk=${walk.toFixed(1)}`);
    }
    console.log(field); console.log(rows.sort((a, b) => Number(b.split('full=')[1].split(' ')[0]) - Number(a.split('full=')[1].split(' ')[0])).slice(0, 10).join('\n'));
  }
  await knex.destroy();
}
main();
