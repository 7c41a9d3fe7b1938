import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { exampleOrgGroups, groupEntity } from '../__testUtils__/groups';
import { DeviceGroups, toGroupRef } from './deviceGroups';

const ref = (name: string) => `group:default/${name}`;

describe('toGroupRef', () => {
  it.each([
    ['tokyo-it', 'group:default/tokyo-it'],
    ['Tokyo-IT', 'group:default/tokyo-it'],
    ['default/tokyo-it', 'group:default/tokyo-it'],
    ['group:tokyo-it', 'group:default/tokyo-it'],
    [' group:other/tokyo-it ', 'group:other/tokyo-it'],
  ])('reads %p as %p', (value, expected) => {
    expect(toGroupRef(value)).toBe(expected);
  });

  it('refuses what is not a group', () => {
    expect(() => toGroupRef('user:default/taro')).toThrow(/not a group/);
    expect(() => toGroupRef('a:b:c/d/e')).toThrow(/not a group/);
  });
});

describe('DeviceGroups', () => {
  function groups(entities = exampleOrgGroups, now = () => 0) {
    const catalog = catalogServiceMock({ entities });
    const getEntities = jest.spyOn(catalog, 'getEntities');
    return {
      groups: new DeviceGroups({
        catalog,
        auth: mockServices.auth(),
        cacheMs: 1000,
        now,
      }),
      getEntities,
    };
  }

  it('resolves subtrees and ancestors from the catalog relations', async () => {
    const { groups: g } = groups();
    expect((await g.subtree(ref('tokyo-office'))).sort()).toEqual(
      [ref('tokyo-office'), ref('tokyo-it'), ref('tokyo-sales')].sort(),
    );
    expect(await g.subtree(ref('example-corp'))).toHaveLength(6);
    expect(await g.subtree(ref('osaka-it'))).toEqual([ref('osaka-it')]);
    expect((await g.withAncestors(ref('tokyo-it'))).sort()).toEqual(
      [ref('tokyo-it'), ref('tokyo-office'), ref('example-corp')].sort(),
    );
    expect(await g.exists(ref('tokyo-sales'))).toBe(true);
    expect(await g.exists(ref('nagoya-it'))).toBe(false);
    // An unknown group has no subgroups, but is still itself.
    expect(await g.subtree(ref('nagoya-it'))).toEqual([ref('nagoya-it')]);
  });

  it('needs only the relations, or only the spec', async () => {
    const relationsOnly = [
      groupEntity('root', { children: ['leaf'], withSpec: false }),
      groupEntity('leaf', { parent: 'root', withSpec: false }),
    ];
    expect(
      (await groups(relationsOnly).groups.subtree(ref('root'))).sort(),
    ).toEqual([ref('leaf'), ref('root')]);
    const specOnly = relationsOnly.map(e => ({ ...e, relations: [] }));
    specOnly[0].spec = { type: 'team', children: ['leaf'] };
    expect((await groups(specOnly).groups.subtree(ref('root'))).sort()).toEqual(
      [ref('leaf'), ref('root')],
    );
  });

  it('ends the walk on a cycle in the catalog data', async () => {
    const cyclic = [
      groupEntity('a', { parent: 'b', children: ['b'] }),
      groupEntity('b', { parent: 'a', children: ['a'] }),
    ];
    expect((await groups(cyclic).groups.subtree(ref('a'))).sort()).toEqual([
      ref('a'),
      ref('b'),
    ]);
  });

  it('reads the catalog once per cache period', async () => {
    let now = 0;
    const { groups: g, getEntities } = groups(exampleOrgGroups, () => now);
    await Promise.all([g.subtree(ref('tokyo-it')), g.exists(ref('osaka-it'))]);
    now = 999;
    await g.exists(ref('osaka-it'));
    expect(getEntities).toHaveBeenCalledTimes(1);
    now = 1000;
    await g.exists(ref('osaka-it'));
    expect(getEntities).toHaveBeenCalledTimes(2);
  });

  it('asks again while the catalog has no group yet', async () => {
    const { groups: g, getEntities } = groups();
    getEntities.mockResolvedValueOnce({ items: [] });
    expect(await g.exists(ref('tokyo-it'))).toBe(false);
    expect(await g.exists(ref('tokyo-it'))).toBe(true);
  });

  it('asks again after a failed read', async () => {
    const { groups: g, getEntities } = groups();
    getEntities.mockRejectedValueOnce(new Error('catalog down'));
    await expect(g.exists(ref('tokyo-it'))).rejects.toThrow('catalog down');
    expect(await g.exists(ref('tokyo-it'))).toBe(true);
  });
});
