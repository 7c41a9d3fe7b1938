import {
  createPermissionResourceRef,
  PermissionRule,
} from '@backstage/plugin-permission-node';
import {
  VPP_DEVICE_RESOURCE_TYPE,
  VppDeviceGroupParams,
} from '@internal/plugin-vpp-common';
import { DeviceFilter } from './database/DeviceStore';

/**
 * A device as the permission framework sees it: its group and every group above it, so
 * a rule naming a parent group matches without asking the catalog synchronously.
 */
export interface DeviceResource {
  id: string;
  group: string;
  groupWithAncestors: string[];
}

/** @public */
export const vppDeviceResourceRef = createPermissionResourceRef<
  DeviceResource,
  DeviceFilter
>().with({ pluginId: 'vpp', resourceType: VPP_DEVICE_RESOURCE_TYPE });

/**
 * Lets a policy allow teams the devices of their groups and of every subgroup.
 * `toQuery` names the groups; the device service widens them to their subtrees before
 * the database sees them (a rule cannot wait for the catalog).
 *
 * @public
 */
export const isDeviceInGroup: PermissionRule<
  DeviceResource,
  DeviceFilter,
  typeof VPP_DEVICE_RESOURCE_TYPE,
  VppDeviceGroupParams
> = {
  name: 'IS_DEVICE_IN_GROUP',
  resourceType: VPP_DEVICE_RESOURCE_TYPE,
  description:
    'Allow devices whose group is one of the given groups or one of their subgroups',
  apply: (device, params) => {
    const groups = groupsOf(params);
    return device.groupWithAncestors.some(g => groups.includes(g));
  },
  toQuery: params => ({ key: 'group', values: groupsOf(params) }),
};

/** Rules a permission policy can use for devices (by name `IS_DEVICE_IN_GROUP`). */
export const vppDevicePermissionRules = [isDeviceInGroup];

function groupsOf(params: VppDeviceGroupParams): string[] {
  if (!Array.isArray(params?.groups)) {
    throw new Error('IS_DEVICE_IN_GROUP needs params { groups: string[] }');
  }
  return params.groups
    .filter((g): g is string => typeof g === 'string')
    .map(g => g.toLocaleLowerCase('en-US'));
}
