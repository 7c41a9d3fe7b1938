import { TemplateAction } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';
import { actionContext, EXPECTED_AUTHORIZATION } from './actionContext';
import { FakeVppBackend } from './fakeVppBackend';

/**
 * Runs a documented example through `action` as the scaffolder would: checks that the
 * example is one step naming the action, runs that step as the initiating user, and
 * checks that every call `backend` got was made on that user's behalf. Returns the
 * step's input and the action's outputs.
 */
export async function runExample(
  action: TemplateAction<any, any, any>,
  example: string,
  backend: FakeVppBackend,
): Promise<{ input: any; outputs: Record<string, any> }> {
  const { steps } = yaml.parse(example);
  expect(steps).toHaveLength(1);
  expect(steps[0].action).toBe(action.id);

  const { ctx, outputs } = actionContext(steps[0].input);
  await action.handler(ctx as any);

  for (const request of backend.requests) {
    expect(request.headers.authorization).toBe(EXPECTED_AUTHORIZATION);
  }
  return { input: steps[0].input, outputs: outputs() };
}
