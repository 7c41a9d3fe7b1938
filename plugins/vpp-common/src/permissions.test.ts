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
    expect(vppPermissions).toEqual([
      {
        type: 'resource',
        name: 'vpp.token.read',
        attributes: { action: 'read' },
        resourceType: 'vpp-token',
      },
      {
        type: 'basic',
        name: 'vpp.token.create',
        attributes: { action: 'create' },
      },
      {
        type: 'resource',
        name: 'vpp.token.update',
        attributes: { action: 'update' },
        resourceType: 'vpp-token',
      },
      {
        type: 'resource',
        name: 'vpp.token.delete',
        attributes: { action: 'delete' },
        resourceType: 'vpp-token',
      },
      {
        type: 'resource',
        name: 'vpp.license.manage',
        attributes: { action: 'update' },
        resourceType: 'vpp-token',
      },
      {
        type: 'resource',
        name: 'vpp.distribution.create',
        attributes: { action: 'create' },
        resourceType: 'vpp-token',
      },
      {
        type: 'resource',
        name: 'vpp.distribution.read',
        attributes: { action: 'read' },
        resourceType: 'vpp-token',
      },
      {
        type: 'basic',
        name: 'vpp.settings.read',
        attributes: { action: 'read' },
      },
      {
        type: 'basic',
        name: 'vpp.settings.manage',
        attributes: { action: 'update' },
      },
      {
        type: 'resource',
        name: 'vpp.device.read',
        attributes: { action: 'read' },
        resourceType: 'vpp-device',
      },
      {
        type: 'resource',
        name: 'vpp.device.update',
        attributes: { action: 'update' },
        resourceType: 'vpp-device',
      },
    ]);
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
