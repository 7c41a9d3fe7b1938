import { ConfigReader } from '@backstage/config';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import {
  vppDeviceUpdatePermission,
  vppDistributionCreatePermission,
  vppLicenseManagePermission,
  vppSettingsManagePermission,
  vppSettingsReadPermission,
  vppTokenCreatePermission,
  vppTokenReadPermission,
  vppTokenUpdatePermission,
} from '@internal/plugin-vpp-common';
import { readVppPolicyConfig } from './config';
import { VppPermissionPolicy } from './VppPermissionPolicy';

const groupsOf: Record<string, string[]> = {
  'user:default/alice': ['group:default/tokyo-it'],
  'user:default/root': ['group:default/it-admins'],
};

function policy(permissions: object = {}) {
  const userInfo = {
    async getUserInfo(credentials: any) {
      const ref = credentials.principal.userEntityRef as string;
      return {
        userEntityRef: ref,
        ownershipEntityRefs: [ref, ...(groupsOf[ref] ?? [])],
      };
    },
  };
  return new VppPermissionPolicy({
    config: readVppPolicyConfig(new ConfigReader({ vpp: { permissions } })),
    userInfo,
  });
}

const as = (ref: string) => ({
  credentials: mockCredentials.user(ref),
  info: { userEntityRef: ref, ownershipEntityRefs: [] },
});

const catalogRead = createPermission({
  name: 'catalog.entity.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});
const distribute = createPermission({
  name: 'vpp.distribution.create',
  attributes: { action: 'create' },
});
const licenseRead = createPermission({
  name: 'vpp.license.read',
  attributes: { action: 'read' },
});

describe('VppPermissionPolicy', () => {
  it('allows other plugins their permissions, even without a user', async () => {
    expect(await policy().handle({ permission: catalogRead })).toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });

  it('limits tokens to the groups the user belongs to, as a condition', async () => {
    const decision = await policy().handle(
      { permission: vppTokenUpdatePermission },
      as('user:default/alice'),
    );
    expect(decision).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'vpp',
      resourceType: 'vpp-token',
      conditions: {
        rule: 'IS_TOKEN_OWNER',
        resourceType: 'vpp-token',
        params: {
          owners: ['user:default/alice', 'group:default/tokyo-it'],
        },
      },
    });
  });

  it('limits devices to the groups the user belongs to (subgroups by the rule)', async () => {
    const decision = await policy().handle(
      { permission: vppDeviceUpdatePermission },
      as('user:default/alice'),
    );
    expect(decision).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      resourceType: 'vpp-device',
      conditions: {
        rule: 'IS_DEVICE_IN_GROUP',
        params: { groups: ['user:default/alice', 'group:default/tokyo-it'] },
      },
    });
  });

  it("limits licenses and distributions to the token's owner groups", async () => {
    for (const permission of [
      vppLicenseManagePermission,
      vppDistributionCreatePermission,
    ]) {
      expect(
        await policy().handle({ permission }, as('user:default/alice')),
      ).toMatchObject({
        result: AuthorizeResult.CONDITIONAL,
        resourceType: 'vpp-token',
        conditions: { rule: 'IS_TOKEN_OWNER' },
      });
    }
  });

  it('lets everyone signed in read the named settings, and keeps changing them to administrators', async () => {
    const alice = as('user:default/alice');
    expect(
      await policy().handle({ permission: vppSettingsReadPermission }, alice),
    ).toEqual({ result: AuthorizeResult.ALLOW });
    expect(
      await policy().handle({ permission: vppSettingsManagePermission }, alice),
    ).toEqual({ result: AuthorizeResult.DENY });
    expect(
      await policy({ everyoneCanRead: true }).handle(
        { permission: vppSettingsManagePermission },
        alice,
      ),
    ).toEqual({ result: AuthorizeResult.DENY });
    expect(
      await policy({ admins: ['group:default/it-admins'] }).handle(
        { permission: vppSettingsManagePermission },
        as('user:default/root'),
      ),
    ).toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('lets anyone signed in start a registration (the owner is checked by the vpp backend)', async () => {
    expect(
      await policy().handle(
        { permission: vppTokenCreatePermission },
        as('user:default/alice'),
      ),
    ).toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('denies vpp permissions it does not know to everyone but administrators', async () => {
    const p = policy({ admins: ['group:default/IT-Admins'] });
    expect(
      await p.handle({ permission: distribute }, as('user:default/alice')),
    ).toEqual({ result: AuthorizeResult.DENY });
    expect(
      await p.handle({ permission: distribute }, as('user:default/root')),
    ).toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('allows administrators named as a user or through a group everything', async () => {
    for (const admins of [['user:root'], ['group:default/it-admins']]) {
      expect(
        await policy({ admins }).handle(
          { permission: vppTokenUpdatePermission },
          as('user:default/root'),
        ),
      ).toEqual({ result: AuthorizeResult.ALLOW });
    }
  });

  it('lets everyone read everything when everyoneCanRead is on, and change only their own', async () => {
    const p = policy({ everyoneCanRead: true });
    const alice = as('user:default/alice');
    for (const permission of [vppTokenReadPermission, licenseRead]) {
      expect(await p.handle({ permission }, alice)).toEqual({
        result: AuthorizeResult.ALLOW,
      });
    }
    expect(
      await p.handle({ permission: vppTokenUpdatePermission }, alice),
    ).toMatchObject({ result: AuthorizeResult.CONDITIONAL });
    expect(await policy().handle({ permission: licenseRead }, alice)).toEqual({
      result: AuthorizeResult.DENY,
    });
  });

  it('denies vpp permissions to callers without a user', async () => {
    expect(
      await policy().handle({ permission: vppTokenReadPermission }),
    ).toEqual({ result: AuthorizeResult.DENY });
  });

  it('refuses an administrator that is not a user or group ref', () => {
    expect(() =>
      readVppPolicyConfig(
        new ConfigReader({ vpp: { permissions: { admins: ['jane'] } } }),
      ),
    ).toThrow(/"jane" is not a user or group entity ref/);
  });
});
