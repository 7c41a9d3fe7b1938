import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  createVppDeviceConditionalDecision,
  createVppTokenConditionalDecision,
  VPP_DEVICE_RESOURCE_TYPE,
  VPP_TOKEN_RESOURCE_TYPE,
  vppDeviceConditions,
  vppDevicePermissions,
  vppDeviceReadPermission,
  vppDeviceUpdatePermission,
  vppPermissions,
  vppTokenConditions,
  vppTokenUpdatePermission,
} from '.';

describe('vpp permissions', () => {
  // Policies and the permission backend match on these names, types and attributes.
  it('are named, typed and attributed as policies expect', () => {
    // [name, action, resource type]; basic permissions have none.
    expect(
      vppPermissions.map(p => [
        p.name,
        p.attributes.action,
        p.type === 'resource' ? p.resourceType : undefined,
      ]),
    ).toEqual([
      ['vpp.token.read', 'read', 'vpp-token'],
      ['vpp.token.create', 'create', undefined],
      ['vpp.token.update', 'update', 'vpp-token'],
      ['vpp.token.delete', 'delete', 'vpp-token'],
      ['vpp.license.manage', 'update', 'vpp-token'],
      ['vpp.distribution.create', 'create', 'vpp-token'],
      ['vpp.distribution.read', 'read', 'vpp-token'],
      ['vpp.settings.read', 'read', undefined],
      ['vpp.settings.manage', 'update', undefined],
      ['vpp.device.read', 'read', 'vpp-device'],
      ['vpp.device.update', 'update', 'vpp-device'],
    ]);
    // Nothing else on them: createPermission's exact shape.
    for (const p of vppPermissions) {
      expect(p).toStrictEqual(
        p.type === 'resource'
          ? {
              type: 'resource',
              name: p.name,
              attributes: { action: p.attributes.action },
              resourceType: p.resourceType,
            }
          : {
              type: 'basic',
              name: p.name,
              attributes: { action: p.attributes.action },
            },
      );
    }
    expect(vppDevicePermissions).toEqual([
      vppDeviceReadPermission,
      vppDeviceUpdatePermission,
    ]);
    expect(VPP_TOKEN_RESOURCE_TYPE).toBe('vpp-token');
    expect(VPP_DEVICE_RESOURCE_TYPE).toBe('vpp-device');
  });

  it('name the rules the vpp backend registers', () => {
    expect(
      vppTokenConditions.isTokenOwner({ owners: ['group:default/tokyo-it'] }),
    ).toEqual({
      rule: 'IS_TOKEN_OWNER',
      resourceType: 'vpp-token',
      params: { owners: ['group:default/tokyo-it'] },
    });
    expect(
      vppDeviceConditions.isDeviceInGroup({ groups: ['group:default/sales'] }),
    ).toEqual({
      rule: 'IS_DEVICE_IN_GROUP',
      resourceType: 'vpp-device',
      params: { groups: ['group:default/sales'] },
    });
  });

  it('make conditional decisions for the vpp plugin', () => {
    const owner = vppTokenConditions.isTokenOwner({ owners: ['group:a/b'] });
    expect(
      createVppTokenConditionalDecision(vppTokenUpdatePermission, {
        anyOf: [owner],
      }),
    ).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'vpp',
      resourceType: 'vpp-token',
      conditions: { anyOf: [owner] },
    });
    const inGroup = vppDeviceConditions.isDeviceInGroup({ groups: ['g'] });
    expect(
      createVppDeviceConditionalDecision(vppDeviceUpdatePermission, inGroup),
    ).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'vpp',
      resourceType: 'vpp-device',
      conditions: inGroup,
    });
  });
});
