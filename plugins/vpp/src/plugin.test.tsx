import { createExtensionTester } from '@backstage/frontend-test-utils';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { vppPlugin } from './plugin';

const tokenEntity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'vpp-token-tok-1' },
  spec: { type: 'apple-vpp-token' },
};

describe('vppPlugin', () => {
  it('shows the token card only on content-token resources', () => {
    const card = vppPlugin.getExtension('entity-card:vpp/vpp-token-status');
    const tester = createExtensionTester(card);
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction);
    expect(filter).toBeDefined();
    const matches = (entity: object) =>
      filter!(entity as Parameters<NonNullable<typeof filter>>[0]);

    expect(matches(tokenEntity)).toBe(true);
    expect(matches({ ...tokenEntity, spec: { type: 'database' } })).toBe(false);
    expect(matches({ ...tokenEntity, kind: 'Component' })).toBe(false);
  });

  it('has the API and the page', () => {
    expect(vppPlugin.getExtension('api:vpp')).toBeDefined();
    expect(vppPlugin.getExtension('page:vpp')).toBeDefined();
  });
});

describe('legacy exports', () => {
  it('offers the API and the entity card to legacy apps', async () => {
    const { vppLegacyPlugin, EntityVppTokenCard } = await import('./legacy');
    expect(vppLegacyPlugin.getId()).toBe('vpp');
    expect(
      [...vppLegacyPlugin.getApis()].map(factory => factory.api.id),
    ).toEqual(['plugin.vpp.api']);
    expect(typeof EntityVppTokenCard).toBe('function');
  });
});
