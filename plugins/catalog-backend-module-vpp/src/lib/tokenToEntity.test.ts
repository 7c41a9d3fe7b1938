import {
  DefaultNamespaceEntityPolicy,
  Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  resourceEntityV1alpha1Validator,
  SchemaValidEntityPolicy,
} from '@backstage/catalog-model';
import {
  VPP_TOKEN_STATUSES,
  VppToken,
  VppTokenStatus,
} from '@internal/plugin-vpp-common';
import { makeToken } from '@internal/plugin-vpp-common/testUtils';
import { tokenToEntity, vppTokenEntityRef } from './tokenToEntity';

// The policies the catalog applies to every entity before the kind validators.
const catalogPolicies = EntityPolicies.allOf([
  new SchemaValidEntityPolicy(),
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
]);

async function acceptedByCatalog(entity: Entity): Promise<boolean> {
  await catalogPolicies.enforce(entity);
  return resourceEntityV1alpha1Validator.check(entity);
}

describe('tokenToEntity', () => {
  const token = makeToken();
  const appBaseUrl = 'http://localhost:3000';

  it('maps a token to a Resource entity of type apple-vpp-token', () => {
    expect(
      tokenToEntity(token, { appBaseUrl: 'https://backstage.example.com' }),
    ).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: 'vpp-token-3f1c9a52-0b7e-4d1a-9c55-2a8e1f0b6d11',
        title: 'Tokyo HQ devices',
        description:
          'Apple Apps and Books content token for the location "Tokyo HQ" of Example Corp.',
        annotations: {
          'backstage.io/managed-by-location':
            'vpp:token/3f1c9a52-0b7e-4d1a-9c55-2a8e1f0b6d11',
          'backstage.io/managed-by-origin-location':
            'vpp:token/3f1c9a52-0b7e-4d1a-9c55-2a8e1f0b6d11',
          'vpp.backstage.io/token-id': '3f1c9a52-0b7e-4d1a-9c55-2a8e1f0b6d11',
          'vpp.backstage.io/expires-at': '2027-03-31T00:00:00.000Z',
          'vpp.backstage.io/location': 'Tokyo HQ',
          'vpp.backstage.io/org-name': 'Example Corp',
          'vpp.backstage.io/country': 'JP',
          'vpp.backstage.io/days-left': '130',
          'vpp.backstage.io/status': 'ok',
        },
        labels: { 'vpp.backstage.io/expiry-status': 'ok' },
        links: [
          {
            url: 'https://backstage.example.com/vpp/tokens/3f1c9a52-0b7e-4d1a-9c55-2a8e1f0b6d11',
            title: 'Token in VPP',
            icon: 'dashboard',
          },
        ],
      },
      spec: { type: 'apple-vpp-token', owner: 'group:default/tokyo-it' },
    });
  });

  it('produces an entity the catalog accepts', async () => {
    await expect(
      acceptedByCatalog(tokenToEntity(token, { appBaseUrl })),
    ).resolves.toBe(true);
    await expect(acceptedByCatalog(tokenToEntity(token))).resolves.toBe(true);
    await expect(
      acceptedByCatalog(
        tokenToEntity(makeToken({ sharesFrom: 'abc' }), { appBaseUrl }),
      ),
    ).resolves.toBe(true);
  });

  it('has only the expected keys, and never a secret', () => {
    const withStrayFields = {
      ...token,
      // The API never returns these; make sure nothing would copy them if it did.
      tokenFile: 'c2VjcmV0LXRva2VuLWZpbGU=',
      sToken: 'SECRET-STOKEN',
    } as VppToken;
    const entity = tokenToEntity(withStrayFields, { appBaseUrl });

    expect(Object.keys(entity).sort()).toEqual([
      'apiVersion',
      'kind',
      'metadata',
      'spec',
    ]);
    expect(Object.keys(entity.metadata).sort()).toEqual([
      'annotations',
      'description',
      'labels',
      'links',
      'name',
      'title',
    ]);
    expect(Object.keys(entity.metadata.annotations!).sort()).toEqual([
      'backstage.io/managed-by-location',
      'backstage.io/managed-by-origin-location',
      'vpp.backstage.io/country',
      'vpp.backstage.io/days-left',
      'vpp.backstage.io/expires-at',
      'vpp.backstage.io/location',
      'vpp.backstage.io/org-name',
      'vpp.backstage.io/status',
      'vpp.backstage.io/token-id',
    ]);
    expect(Object.keys(entity.metadata.labels!)).toEqual([
      'vpp.backstage.io/expiry-status',
    ]);
    expect(Object.keys(entity.spec).sort()).toEqual(['owner', 'type']);

    const serialized = JSON.stringify(entity);
    expect(serialized).not.toContain('c2VjcmV0LXRva2VuLWZpbGU=');
    expect(serialized).not.toContain('SECRET-STOKEN');
    // Notes may hold who downloaded the file; they stay in the vpp backend.
    expect(serialized).not.toContain(token.notes);
  });

  it.each(VPP_TOKEN_STATUSES.map(s => [s]))(
    'labels a %s token with its status',
    async (status: VppTokenStatus) => {
      const entity = tokenToEntity(makeToken({ status, daysLeft: -3 }), {
        appBaseUrl,
      });
      expect(entity.metadata.labels).toEqual({
        'vpp.backstage.io/expiry-status': status,
      });
      expect(entity.metadata.annotations).toMatchObject({
        'vpp.backstage.io/status': status,
        'vpp.backstage.io/days-left': '-3',
      });
      // Label values are restricted; every status must be a valid one.
      await expect(acceptedByCatalog(entity)).resolves.toBe(true);
    },
  );

  it('makes a shared token depend on the token it shares licenses from', () => {
    const shared = makeToken({
      id: 'b7d2e0c4-5a61-4f0e-8e3b-7c9d1a2f3e44',
      displayName: 'Tokyo Sales (shared)',
      owner: 'group:default/tokyo-sales',
      sharesFrom: token.id,
    });
    const entity = tokenToEntity(shared);

    expect(entity.metadata.name).toBe(
      'vpp-token-b7d2e0c4-5a61-4f0e-8e3b-7c9d1a2f3e44',
    );
    expect(entity.spec).toEqual({
      type: 'apple-vpp-token',
      owner: 'group:default/tokyo-sales',
      dependsOn: [
        'resource:default/vpp-token-3f1c9a52-0b7e-4d1a-9c55-2a8e1f0b6d11',
      ],
    });
    expect(entity.metadata.description).toBe(
      'Apple Apps and Books content token for the location "Tokyo HQ" of Example Corp; shares the licenses of another token.',
    );
  });

  it('links to the token page relative to app.baseUrl', () => {
    expect(
      tokenToEntity(token, { appBaseUrl: 'http://localhost:3000/' }).metadata
        .links,
    ).toEqual([
      expect.objectContaining({
        url: `http://localhost:3000/vpp/tokens/${token.id}`,
      }),
    ]);
    // The catalog refuses relative link URLs, so without app.baseUrl there is no link.
    expect(tokenToEntity(token).metadata.links).toBeUndefined();
  });

  it('falls back to the location name when there is no display name', () => {
    expect(tokenToEntity(makeToken({ displayName: '' })).metadata.title).toBe(
      'Tokyo HQ',
    );
  });

  it('builds the entity ref of a token', () => {
    expect(vppTokenEntityRef('abc')).toBe('resource:default/vpp-token-abc');
  });
});
