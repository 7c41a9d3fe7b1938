import { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { startFakeVppBackend } from '../__testUtils__/fakeVppBackend';
import { actionOptions } from '../__testUtils__/actionContext';
import { runExample } from '../__testUtils__/runExample';
import { licenseChangeExamples } from './licenseChange.examples';
import { VppActionOptions } from './helpers';
import { createVppLicensesAssignAction } from './vppLicensesAssign';
import { createVppLicensesRevokeAction } from './vppLicensesRevoke';

describe.each<
  [
    'assign' | 'revoke',
    (options: VppActionOptions) => TemplateAction<any, any, 'v2'>,
  ]
>([
  ['assign', createVppLicensesAssignAction],
  ['revoke', createVppLicensesRevokeAction],
])('vpp:licenses:%s examples', (kind, createAction) => {
  it.each(licenseChangeExamples(kind).map(e => [e.description, e.example]))(
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
            action: kind,
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
        const action = createAction(actionOptions(backend));
        const { input, outputs } = await runExample(action, example, backend);
        const post = backend.requests.find(r => r.method === 'POST')!;
        expect(post.path).toBe(`/licenses/${kind}`);
        expect(post.body).toMatchObject({
          adamIds: input.adamIds,
          dryRun: Boolean(input.dryRun),
        });
        expect(outputs).toMatchObject({ message: 'Done.', appleRequests: 1 });
      } finally {
        await backend.close();
      }
    },
  );
});
