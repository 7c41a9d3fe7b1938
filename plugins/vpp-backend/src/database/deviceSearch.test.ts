import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { makeDeviceState } from '../__testUtils__/deviceState';
import { DatabaseDeviceStore } from './DatabaseDeviceStore';
import { DeviceSearch } from './DeviceStore';
import { isCommonText } from './deviceSearch';

jest.setTimeout(60_000);

const DEVICES = 300;
/** The few devices with another mail domain. */
const RARE = [7, 70, 140];

describe.each(TestDatabases.create().eachSupportedId())(
  'device search over many devices (%s)',
  databaseId => {
    const databases = TestDatabases.create();
    let knex: Knex;
    let store: DatabaseDeviceStore;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      store = await DatabaseDeviceStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
      // Names in an order of their own (not the ids'), so a page is a real sort.
      await store.insertDevices(
        Array.from({ length: DEVICES }, (_, i) =>
          makeDeviceState(i + 1, {
            displayName: `Device ${String((i * 7919) % DEVICES).padStart(
              4,
              '0',
            )}`,
            email: RARE.includes(i + 1)
              ? `user${i + 1}@rare.example.org`
              : `user${i + 1}@example.co.jp`,
          }),
        ),
      );
    });

    const names = async (
      search: DeviceSearch,
      order: 'asc' | 'desc',
      offset = 0,
    ) => {
      const { items, totalCount } = await store.searchDevices(search, {
        sort: 'displayName',
        order,
        offset,
        limit: 50,
      });
      return { totalCount, names: items.map(d => d.displayName) };
    };

    /** What the page must be, worked out here. */
    const expected = (
      match: (n: number) => boolean,
      order: 'asc' | 'desc',
      offset = 0,
    ) => {
      const all = Array.from({ length: DEVICES }, (_, i) => i + 1)
        .filter(match)
        .map(
          n => `Device ${String(((n - 1) * 7919) % DEVICES).padStart(4, '0')}`,
        )
        .sort();
      if (order === 'desc') all.reverse();
      return { totalCount: all.length, names: all.slice(offset, offset + 50) };
    };

    it('calls text common only on SQLite, only when every term matches half the devices', async () => {
      const sqlite = databaseId.startsWith('SQLITE');
      const common = { field: { name: 'email' as const, value: 'EXAMPLE.CO' } };
      expect(await isCommonText(knex, common)).toBe(sqlite);
      // user2, user20–29, user200–299: 111 of 300.
      expect(await isCommonText(knex, { q: 'user2' })).toBe(false);
      expect(
        await isCommonText(knex, { field: { name: 'email', value: 'rare' } }),
      ).toBe(false);
      // Too short for the index: such needles are tested row by row anyway.
      expect(await isCommonText(knex, { q: 'jp' })).toBe(false);
      // Both terms common, or not.
      expect(await isCommonText(knex, { ...common, q: 'device' })).toBe(sqlite);
      expect(await isCommonText(knex, { ...common, q: 'rare' })).toBe(false);
    });

    it('pages a search that nearly every device matches like any other', async () => {
      const common = { field: { name: 'email' as const, value: 'example.co' } };
      const everyButRare = (n: number) => !RARE.includes(n);
      expect(await names(common, 'asc')).toEqual(expected(everyButRare, 'asc'));
      expect(await names(common, 'desc', 100)).toEqual(
        expected(everyButRare, 'desc', 100),
      );
      expect(await names({ q: 'example' }, 'asc', 250)).toEqual(
        expected(() => true, 'asc', 250),
      );
      const rare = { field: { name: 'email' as const, value: 'rare.example' } };
      expect(await names(rare, 'asc')).toEqual(
        expected(n => RARE.includes(n), 'asc'),
      );
    });
  },
);
