import {
  FakeVppBackend,
  startFakeVppBackend,
} from '../__testUtils__/fakeVppBackend';
import { actionOptions } from '../__testUtils__/actionContext';
import { fakeClock } from '../__testUtils__/fakeClock';
import {
  DISTRIBUTION_ID,
  fakeDistributionRoutes,
} from '../__testUtils__/fakeDistributions';
import { runExample } from '../__testUtils__/runExample';
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
        ...actionOptions(backend),
        clock: fakeClock(),
      });
      const { input, outputs } = await runExample(action, example, backend);

      const posts = backend.requests.filter(r => r.method === 'POST');
      expect(posts).toHaveLength(1);
      expect(posts[0].body).toMatchObject({
        adamIds: input.adamIds,
        targets: input.targets,
        dryRun: Boolean(input.dryRun),
      });
      const dryRun = Boolean(input.dryRun);
      const { distributionId, url, devicesMatched } = outputs;
      expect({ distributionId, url, devicesMatched }).toEqual({
        devicesMatched: 3,
        distributionId: dryRun ? undefined : DISTRIBUTION_ID,
        url: dryRun ? undefined : `/vpp/distributions/${DISTRIBUTION_ID}`,
      });
    },
  );
});
