import {
  createVppTokenConditionalDecision,
  vppTokenConditions,
  vppTokenUpdatePermission,
} from '@internal/plugin-vpp-common';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { TokenRecord } from './database/TokenStore';
import { isTokenOwner, vppTokenPermissionRules } from './permissions';

const token = { owner: 'group:default/tokyo-it' } as TokenRecord;

describe('IS_TOKEN_OWNER', () => {
  it('allows tokens owned by one of the groups, and filters by owner in queries', () => {
    expect(
      isTokenOwner.apply(token, { owners: ['group:default/tokyo-it'] }),
    ).toBe(true);
    expect(
      isTokenOwner.apply(token, { owners: ['group:default/osaka-it'] }),
    ).toBe(false);
    expect(
      isTokenOwner.toQuery({ owners: ['group:default/tokyo-it', 7 as any] }),
    ).toEqual({ key: 'owner', values: ['group:default/tokyo-it'] });
  });

  it('refuses a condition without owners, rather than allowing everything', () => {
    expect(() => isTokenOwner.apply(token, {} as any)).toThrow(
      /IS_TOKEN_OWNER needs params \{ owners: string\[\] \}/,
    );
  });

  it('is what the policy helpers in vpp-common name', () => {
    const condition = vppTokenConditions.isTokenOwner({
      owners: ['group:default/tokyo-it'],
    });
    expect(vppTokenPermissionRules.map(r => r.name)).toContain(condition.rule);
    expect(condition.resourceType).toBe(isTokenOwner.resourceType);
    expect(
      createVppTokenConditionalDecision(vppTokenUpdatePermission, condition),
    ).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'vpp',
      resourceType: 'vpp-token',
      conditions: condition,
    });
  });
});
