import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  createVppDeviceConditionalDecision,
  vppDeviceConditions,
  vppDeviceUpdatePermission,
} from '@internal/plugin-vpp-common';
import {
  DeviceResource,
  isDeviceInGroup,
  vppDevicePermissionRules,
} from './devicePermissions';

/** A device of Tokyo IT, below Tokyo office, below the company. */
const device: DeviceResource = {
  id: 'd1',
  group: 'group:default/tokyo-it',
  groupWithAncestors: [
    'group:default/tokyo-it',
    'group:default/tokyo-office',
    'group:default/example-corp',
  ],
};

describe('IS_DEVICE_IN_GROUP', () => {
  it('allows devices of a named group or of a group below it', () => {
    expect(
      isDeviceInGroup.apply(device, { groups: ['group:default/tokyo-it'] }),
    ).toBe(true);
    expect(
      isDeviceInGroup.apply(device, { groups: ['Group:default/Tokyo-Office'] }),
    ).toBe(true);
    expect(
      isDeviceInGroup.apply(device, { groups: ['group:default/osaka-it'] }),
    ).toBe(false);
  });

  it('names the groups for the database, which the service widens to subtrees', () => {
    expect(
      isDeviceInGroup.toQuery({
        groups: ['group:default/Tokyo-Office', 7 as any],
      }),
    ).toEqual({ key: 'group', values: ['group:default/tokyo-office'] });
  });

  it('refuses a condition without groups, rather than allowing everything', () => {
    expect(() => isDeviceInGroup.apply(device, {} as any)).toThrow(
      /IS_DEVICE_IN_GROUP needs params \{ groups: string\[\] \}/,
    );
  });

  it('is what the policy helpers in vpp-common name', () => {
    const condition = vppDeviceConditions.isDeviceInGroup({
      groups: ['group:default/tokyo-office'],
    });
    expect(vppDevicePermissionRules.map(r => r.name)).toContain(condition.rule);
    expect(condition.resourceType).toBe(isDeviceInGroup.resourceType);
    expect(
      createVppDeviceConditionalDecision(vppDeviceUpdatePermission, condition),
    ).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'vpp',
      resourceType: 'vpp-device',
      conditions: condition,
    });
  });
});
