import { mockServices } from '@backstage/backend-test-utils';
import yaml from 'yaml';
import {
  FakeVppBackend,
  startFakeVppBackend,
} from '../__testUtils__/fakeVppBackend';
import {
  actionContext,
  EXPECTED_AUTHORIZATION,
} from '../__testUtils__/actionContext';
import { fakeClock } from '../__testUtils__/fakeClock';
import {
  DISTRIBUTION_ID,
  fakeDistributionRoutes,
} from '../__testUtils__/fakeDistributions';
import { createVppAppsInstallAction } from './vppAppsInstall';
import { examples } from './vppAppsInstall.examples';

describe('vpp:apps:install examples', () => {
  let backend: FakeVppBackend;

  beforeEach(async () => {
    backend = await startFakeVppBackend(
      fakeDistributionRoutes({
        progress: [{ state: 'completed', counts: { installed: 2 } }],
        appConfigs: [{ id: 'cfg-sales', name: 'Sales', adamId: '361309726' }],
      }),
    );
  });
  afterEach(() => backend.close());

  it('has examples', () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  it.each(examples.map(e => [e.description, e.example]))(
    '%s',
    async (_, example) => {
      const action = createVppAppsInstallAction({
        auth: mockServices.auth(),
        discovery: backend.discovery,
        clock: fakeClock(),
      });
      const { steps } = yaml.parse(example);
      expect(steps).toHaveLength(1);
      expect(steps[0].action).toBe(action.id);

      const { ctx, outputs } = actionContext(steps[0].input);
      await action.handler(ctx);

      const posts = backend.requests.filter(r => r.method === 'POST');
      expect(posts).toHaveLength(1);
      expect(posts[0].body).toMatchObject({
        adamIds: steps[0].input.adamIds,
        targets: steps[0].input.targets,
        dryRun: Boolean(steps[0].input.dryRun),
      });
      for (const request of backend.requests) {
        expect(request.headers.authorization).toBe(EXPECTED_AUTHORIZATION);
      }
      const dryRun = Boolean(steps[0].input.dryRun);
      const { distributionId, url, devicesMatched } = outputs();
      expect({ distributionId, url, devicesMatched }).toEqual({
        devicesMatched: 3,
        distributionId: dryRun ? undefined : DISTRIBUTION_ID,
        url: dryRun ? undefined : `/vpp/distributions/${DISTRIBUTION_ID}`,
      });
    },
  );
});
