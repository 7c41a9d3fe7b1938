import { NotAllowedError } from '@backstage/errors';
import { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  isAndCriteria,
  isNotCriteria,
  isOrCriteria,
} from '@backstage/plugin-permission-node';
import { DeviceFilter, DeviceRecord } from '../database/DeviceStore';
import { DeviceGroups } from './deviceGroups';

/**
 * What the caller may see or change: the criteria of a conditional permission decision
 * (`IS_DEVICE_IN_GROUP`), or undefined when the decision was a plain allow.
 */
export type DeviceAccess = PermissionCriteria<DeviceFilter> | undefined;

/**
 * Applies `IS_DEVICE_IN_GROUP` conditions: a group named by the rule covers its whole
 * subtree, which only the catalog knows, so both directions go through the group tree.
 */
export class DeviceAccessChecker {
  constructor(private readonly groups: DeviceGroups) {}

  /** Whether a device in `group` passes the conditions. */
  async allows(access: DeviceAccess, group: string): Promise<boolean> {
    if (!access) return true;
    const path = await this.groups.withAncestors(group);
    const test = (criteria: PermissionCriteria<DeviceFilter>): boolean => {
      if (isAndCriteria(criteria)) return criteria.allOf.every(test);
      if (isOrCriteria(criteria)) return criteria.anyOf.some(test);
      if (isNotCriteria(criteria)) return !test(criteria.not);
      return path.some(g => criteria.values.includes(g));
    };
    return test(access);
  }

  async assertAllowed(
    devices: DeviceRecord[],
    access: DeviceAccess,
  ): Promise<void> {
    for (const device of devices) {
      if (!(await this.allows(access, device.group))) {
        throw new NotAllowedError(
          `You are not allowed to use device ${device.id} (group ${device.group}).`,
        );
      }
    }
  }

  /** The conditions for the database, which compares a device's own group: subtrees. */
  async expand(
    criteria: PermissionCriteria<DeviceFilter>,
  ): Promise<PermissionCriteria<DeviceFilter>> {
    if (isAndCriteria(criteria)) {
      return {
        allOf: await Promise.all(criteria.allOf.map(c => this.expand(c))),
      } as PermissionCriteria<DeviceFilter>;
    }
    if (isOrCriteria(criteria)) {
      return {
        anyOf: await Promise.all(criteria.anyOf.map(c => this.expand(c))),
      } as PermissionCriteria<DeviceFilter>;
    }
    if (isNotCriteria(criteria)) {
      return { not: await this.expand(criteria.not) };
    }
    return {
      key: 'group',
      values: await this.groups.subtrees(criteria.values),
    };
  }
}
