import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import yaml from 'yaml';
import { createVppTokenRegisterAction } from './actions/vppTokenRegister';
import { createVppTokenRenewAction } from './actions/vppTokenRenew';
import { createVppTokenSyncAction } from './actions/vppTokenSync';
import { createVppAppsInstallAction } from './actions/vppAppsInstall';
import { createVppLicensesAssignAction } from './actions/vppLicensesAssign';
import { createVppLicensesRevokeAction } from './actions/vppLicensesRevoke';

/**
 * The templates in examples/templates use this module's actions; these tests keep them
 * in step with the actions' schemas.
 */
const TEMPLATES_DIR = resolve(__dirname, '../../../examples/templates');
/** The templates about one content token; the others install apps or change licenses. */
const TOKEN_TEMPLATES = [
  'register-token.yaml',
  'renew-token.yaml',
  'sync-token.yaml',
];
const INSTALL_TEMPLATES = ['install-apps.yaml', 'install-from-status.yaml'];
const LICENSE_TEMPLATES = ['assign-licenses.yaml', 'revoke-licenses.yaml'];

type JsonSchemaObject = {
  properties?: Record<string, unknown>;
  required?: string[];
};

const options = {
  auth: mockServices.auth(),
  discovery: mockServices.discovery(),
};
const actions = new Map(
  [
    createVppTokenRegisterAction(options),
    createVppTokenRenewAction(options),
    createVppTokenSyncAction(options),
    createVppAppsInstallAction(options),
    createVppLicensesAssignAction(options),
    createVppLicensesRevokeAction(options),
  ].map(a => [a.id, a]),
);

function loadTemplate(file: string) {
  const docs = yaml.parseAllDocuments(
    readFileSync(resolve(TEMPLATES_DIR, file), 'utf8'),
  );
  if (docs.length !== 1 || !('errors' in docs[0]) || docs[0].errors.length) {
    throw new Error(`${file} is not a single valid YAML document`);
  }
  return docs[0].toJS();
}

function parameterProperties(template: any): Record<string, any> {
  return Object.assign(
    {},
    ...template.spec.parameters.map((page: any) => page.properties ?? {}),
  );
}

/** Every `${{ ... }}` expression in a value, as strings. */
function expressions(value: unknown): string[] {
  const text = JSON.stringify(value);
  return [...text.matchAll(/\$\{\{\s*(.*?)\s*\}\}/g)].map(m => m[1]);
}

describe('examples/templates', () => {
  const files = readdirSync(TEMPLATES_DIR).filter(f => f.endsWith('.yaml'));

  it('has the token, install and license templates', () => {
    expect(files.sort()).toEqual(
      [...TOKEN_TEMPLATES, ...INSTALL_TEMPLATES, ...LICENSE_TEMPLATES].sort(),
    );
  });

  it('asks for a .vpptoken file exactly in the templates whose actions take one', () => {
    const withFile = files.filter(file =>
      loadTemplate(file).spec.steps.some((step: any) =>
        Object.keys(
          (actions.get(step.action)?.schema?.input as JsonSchemaObject)
            ?.properties ?? {},
        ).includes('tokenFile'),
      ),
    );
    expect(withFile.sort()).toEqual([
      'register-token.yaml',
      'renew-token.yaml',
    ]);
  });

  describe.each(files.map(f => [f]))('%s', file => {
    const template = loadTemplate(file);
    const params = parameterProperties(template);
    const takesFile = ['register-token.yaml', 'renew-token.yaml'].includes(
      file,
    );
    let type = 'vpp-licenses';
    if (TOKEN_TEMPLATES.includes(file)) type = 'vpp-token';
    if (INSTALL_TEMPLATES.includes(file)) type = 'vpp-install';

    it('is a v1beta3 template owned by Tokyo IT', () => {
      expect(template).toMatchObject({
        apiVersion: 'scaffolder.backstage.io/v1beta3',
        kind: 'Template',
        metadata: { name: expect.stringMatching(/^vpp-/) },
        spec: { owner: 'group:default/tokyo-it', type },
      });
    });

    it('uses only actions of this module, with inputs they accept', () => {
      expect(template.spec.steps.length).toBeGreaterThan(0);
      for (const step of template.spec.steps) {
        const action = actions.get(step.action);
        expect(action).toBeDefined();
        const schema = action!.schema!.input as JsonSchemaObject;
        expect(Object.keys(schema.properties!)).toEqual(
          expect.arrayContaining(Object.keys(step.input)),
        );
        expect(Object.keys(step.input)).toEqual(
          expect.arrayContaining(schema.required ?? []),
        );
      }
    });

    it('refers only to parameters it asks for', () => {
      for (const expr of expressions(template.spec.steps)) {
        // secrets.tokenFile is filled by the VppTokenFile field of the tokenFile parameter.
        const match = /^(parameters|secrets)\.(\w+)$/.exec(expr);
        expect(match).not.toBeNull();
        expect(params).toHaveProperty(match![2]);
      }
      for (const page of template.spec.parameters) {
        for (const name of page.required ?? []) {
          expect(page.properties).toHaveProperty(name);
        }
      }
    });

    it('refers only to step outputs the actions produce', () => {
      const exprs = expressions(template.spec.output);
      expect(exprs.length).toBeGreaterThan(0);
      for (const expr of exprs) {
        const match = /^steps\.(\w+)\.output\.(\w+)$/.exec(expr);
        expect(match).not.toBeNull();
        const step = template.spec.steps.find((s: any) => s.id === match![1]);
        expect(step).toBeDefined();
        const output = actions.get(step.action)!.schema!
          .output as JsonSchemaObject;
        expect(output.properties).toHaveProperty(match![2]);
      }
    });

    if (takesFile) {
      it('takes the .vpptoken file through the VppTokenFile field, as a secret (R-TOK-9)', () => {
        expect(params.tokenFile).toMatchObject({
          type: 'string',
          'ui:field': 'VppTokenFile',
        });
        expect(JSON.stringify(template.spec.steps)).toContain(
          '${{ secrets.tokenFile }}',
        );
        expect(JSON.stringify(template.spec.steps)).not.toContain(
          'parameters.tokenFile',
        );
      });

      it('does not show the file content on the review step', () => {
        expect(params.tokenFile['ui:backstage']).toEqual({
          review: { mask: expect.any(String) },
        });
      });

      it('offers a take-over checkbox, off by default', () => {
        expect(params.takeOver).toMatchObject({
          type: 'boolean',
          default: false,
        });
      });
    } else {
      it('asks for no token file and passes no secrets', () => {
        expect(params).not.toHaveProperty('tokenFile');
        expect(JSON.stringify(template.spec.steps)).not.toContain('secrets.');
      });
    }
  });

  it.each(TOKEN_TEMPLATES.map(f => [f]))(
    '%s links to the token page and the catalog entity',
    file => {
      const template = loadTemplate(file);
      const stepId = template.spec.steps[0].id;
      expect(template.spec.output.links).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            url: `/vpp/tokens/\${{ steps.${stepId}.output.tokenId }}`,
          }),
          expect.objectContaining({
            entityRef: `\${{ steps.${stepId}.output.entityRef }}`,
          }),
        ]),
      );
    },
  );

  it('register-token.yaml picks the owner among groups', () => {
    const params = parameterProperties(loadTemplate('register-token.yaml'));
    expect(params.owner).toMatchObject({
      type: 'string',
      'ui:field': 'OwnerPicker',
      'ui:options': { catalogFilter: { kind: 'Group' } },
    });
  });

  it.each([['renew-token.yaml'], ['sync-token.yaml']])(
    '%s picks the token among content token entities',
    file => {
      const params = parameterProperties(loadTemplate(file));
      expect(params.token).toMatchObject({
        type: 'string',
        'ui:field': 'EntityPicker',
        'ui:options': {
          catalogFilter: [{ kind: 'Resource', 'spec.type': 'apple-vpp-token' }],
        },
      });
    },
  );

  it('sync-token.yaml syncs the chosen token and shows the synced counts', () => {
    const template = loadTemplate('sync-token.yaml');
    expect(template.metadata.title).toBe('Sync purchased apps and books');
    expect(template.spec.steps).toEqual([
      expect.objectContaining({
        id: 'sync',
        action: 'vpp:token:sync',
        input: { token: '${{ parameters.token }}' },
      }),
    ]);
    const text = JSON.stringify(template.spec.output.text);
    for (const output of ['assetCount', 'assignmentCount', 'lastSyncAt']) {
      expect(text).toContain(`\${{ steps.sync.output.${output} }}`);
    }
  });

  it.each([
    ['install-apps.yaml', 'vpp-install-apps'],
    ['install-from-status.yaml', 'vpp-install-from-status'],
    ['assign-licenses.yaml', 'vpp-assign-licenses'],
    ['revoke-licenses.yaml', 'vpp-revoke-licenses'],
  ])('%s is named %s', (file, name) => {
    expect(loadTemplate(file).metadata.name).toBe(name);
  });

  it.each([...INSTALL_TEMPLATES, ...LICENSE_TEMPLATES].map(f => [f]))(
    '%s picks the token, apps and devices with the VPP fields, reading each other through ui:options',
    file => {
      const params = parameterProperties(loadTemplate(file));
      expect(params.token).toMatchObject({
        type: 'string',
        'ui:field': 'VppTokenPicker',
      });
      expect(params.platform).toMatchObject({ enum: ['ios', 'macos'] });
      expect(params.adamIds).toMatchObject({
        type: 'array',
        items: { type: 'string' },
        'ui:field': 'VppAppPicker',
        'ui:options': { tokenField: 'token', platformField: 'platform' },
      });
      expect(params.targets).toMatchObject({
        type: 'object',
        'ui:field': 'VppDevicePicker',
        'ui:options': { platformField: 'platform', appsField: 'adamIds' },
      });
    },
  );

  it.each(INSTALL_TEMPLATES.map(f => [f]))(
    '%s offers every install option, reviews the plan last and links to the progress page',
    file => {
      const template = loadTemplate(file);
      const params = parameterProperties(template);
      expect(params.appConfigId['ui:field']).toBe('VppAppConfigPicker');
      expect(params.vpnConfigId['ui:field']).toBe('VppVpnPicker');
      expect(params.scheduledAt['ui:field']).toBe('VppScheduleDatePicker');
      expect(params.removable).toMatchObject({
        type: 'boolean',
        default: true,
      });
      expect(params.removeWithMdmProfile.default).toBe(false);
      expect(params.preventBackup.default).toBe(false);
      expect(params.licenseMode).toMatchObject({ enum: ['auto', 'manual'] });
      const last = template.spec.parameters.at(-1);
      expect(last.required).toEqual(['plan']);
      expect(last.properties.plan['ui:field']).toBe('VppDistributionReview');
      // Every parameter but the review reaches the action, under its own name.
      const input = template.spec.steps[0].input;
      for (const name of Object.keys(params).filter(n => n !== 'plan')) {
        const expected = name === 'token' ? 'token' : name;
        expect(input[expected]).toBe(`\${{ parameters.${name} }}`);
      }
      expect(template.spec.output.links).toEqual([
        expect.objectContaining({ url: '${{ steps.install.output.url }}' }),
      ]);
      expect(template.spec.output.text[0].title).toBe('Distribution started');
    },
  );

  it('install-from-status.yaml picks one app and searches by its install status', () => {
    const params = parameterProperties(
      loadTemplate('install-from-status.yaml'),
    );
    expect(params.adamIds).toMatchObject({
      maxItems: 1,
      'ui:options': { multiple: false },
    });
    expect(params.targets['ui:options']).toMatchObject({
      installStateSearch: true,
    });
  });
});
