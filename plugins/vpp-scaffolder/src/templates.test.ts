import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import yaml from 'yaml';
import { createVppTokenRegisterAction } from './actions/vppTokenRegister';
import { createVppTokenRenewAction } from './actions/vppTokenRenew';
import { createVppTokenSyncAction } from './actions/vppTokenSync';

/**
 * The templates in examples/templates use this module's actions; these tests keep them
 * in step with the actions' schemas.
 */
const TEMPLATES_DIR = resolve(__dirname, '../../../examples/templates');

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

  it('has the register, renew and sync templates', () => {
    expect(files.sort()).toEqual([
      'register-token.yaml',
      'renew-token.yaml',
      'sync-token.yaml',
    ]);
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
    const takesFile = file !== 'sync-token.yaml';

    it('is a v1beta3 template owned by Tokyo IT', () => {
      expect(template).toMatchObject({
        apiVersion: 'scaffolder.backstage.io/v1beta3',
        kind: 'Template',
        metadata: { name: expect.stringMatching(/^vpp-/) },
        spec: { owner: 'group:default/tokyo-it', type: 'vpp-token' },
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

    it('links to the token page and the catalog entity', () => {
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
    });
  });

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
});
