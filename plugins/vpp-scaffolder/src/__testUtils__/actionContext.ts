import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { FakeVppBackend } from './fakeVppBackend';

type JsonObject = NonNullable<
  NonNullable<Parameters<typeof createMockActionContext>[0]>['input']
>;

/** The options an action needs to call the fake `backend` as the vpp plugin. */
export function actionOptions(backend: {
  discovery: FakeVppBackend['discovery'];
}) {
  return { auth: mockServices.auth(), discovery: backend.discovery };
}

/** The user who starts the task in the action tests. */
export const INITIATOR = 'user:default/aiko';

/** The Authorization header the vpp backend must see: a plugin token on the user's behalf. */
export const EXPECTED_AUTHORIZATION = mockCredentials.service.header({
  onBehalfOf: mockCredentials.user(INITIATOR),
  targetPluginId: 'vpp',
});

/**
 * An action context for `input`, with a logger whose calls can be inspected, the task
 * started by {@link INITIATOR}, and `isDryRun` when asked for.
 */
export function actionContext<TInput extends JsonObject>(
  input: TInput,
  options: { isDryRun?: boolean } = {},
) {
  const logger = mockServices.logger.mock();
  const ctx = {
    ...createMockActionContext<TInput>({ input, logger }),
    getInitiatorCredentials: async () => mockCredentials.user(INITIATOR),
    isDryRun: options.isDryRun ?? false,
  };
  const outputs = () =>
    Object.fromEntries((ctx.output as jest.Mock).mock.calls);
  const logged = () =>
    [logger.debug, logger.info, logger.warn, logger.error]
      .flatMap(fn => fn.mock.calls)
      .map(args =>
        args
          .map(a => (typeof a === 'string' ? a : JSON.stringify(a)))
          .join(' '),
      )
      .join('\n');
  return { ctx, logger, outputs, logged };
}
