import { startTestBackend } from '@backstage/backend-test-utils';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import defaultExport from './index';
import { scaffolderModuleVpp } from './module';

describe('scaffolderModuleVpp', () => {
  it('is the default export', () => {
    expect(defaultExport).toBe(scaffolderModuleVpp);
  });

  it('registers the VPP actions with the scaffolder', async () => {
    const addActions = jest.fn();

    await startTestBackend({
      extensionPoints: [[scaffolderActionsExtensionPoint, { addActions }]],
      features: [scaffolderModuleVpp],
    });

    expect(addActions).toHaveBeenCalledTimes(1);
    expect(addActions.mock.calls[0].map((a: { id: string }) => a.id)).toEqual([
      'vpp:token:register',
      'vpp:token:renew',
      'vpp:token:sync',
      'vpp:apps:install',
      'vpp:licenses:assign',
      'vpp:licenses:revoke',
    ]);
  });
});
