import { mockServices } from '@backstage/backend-test-utils';
import yaml from 'yaml';
import { startFakeVppBackend } from '../__testUtils__/fakeVppBackend';
import { actionContext } from '../__testUtils__/actionContext';
import { createVppLicensesAssignAction } from './vppLicensesAssign';
import { examples } from './vppLicensesAssign.examples';

describe('vpp:licenses:assign examples', () => {
  it.each(examples.map(e => [e.description, e.example]))(
    '%s',
    async (_, example) => {
      const backend = await startFakeVppBackend(r => {
        if (r.method === 'GET') {
          return {
            status: 200,
            body: {
              items: [{ id: 'dev-1', serialNumber: 'C02XK1JHJGH5' }],
              totalCount: 1,
            },
          };
        }
        const body = r.body as any;
        return {
          status: 200,
          body: {
            tokenId: body.tokenId,
            action: 'assign',
            dryRun: Boolean(body.dryRun),
            appleRequests: [
              { adamIds: body.adamIds, serialNumbers: body.serials },
            ],
            apps: [],
            succeeded: [],
            failed: [],
            skipped: [],
            pending: [],
            message: 'Done.',
          },
        };
      });
      try {
        const action = createVppLicensesAssignAction({
          auth: mockServices.auth(),
          discovery: backend.discovery,
        });
        const { steps } = yaml.parse(example);
        expect(steps[0].action).toBe(action.id);
        const { ctx, outputs } = actionContext(steps[0].input);
        await action.handler(ctx);
        const post = backend.requests.find(r => r.method === 'POST')!;
        expect(post.path).toBe('/licenses/assign');
        expect(post.body).toMatchObject({
          adamIds: steps[0].input.adamIds,
          dryRun: Boolean(steps[0].input.dryRun),
        });
        expect(outputs()).toMatchObject({ message: 'Done.', appleRequests: 1 });
      } finally {
        await backend.close();
      }
    },
  );
});
