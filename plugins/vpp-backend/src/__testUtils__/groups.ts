import { Entity } from '@backstage/catalog-model';

/**
 * A Group entity as the catalog serves it: `spec.parent`/`spec.children` and the
 * `childOf`/`parentOf` relations the catalog derives from them. `withSpec: false` keeps
 * the relations only, to show that they alone are enough.
 */
export function groupEntity(
  name: string,
  options: { parent?: string; children?: string[]; withSpec?: boolean } = {},
): Entity {
  const { parent, children = [], withSpec = true } = options;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: withSpec
      ? { type: 'team', ...(parent ? { parent } : {}), children }
      : { type: 'team', children: [] },
    relations: [
      ...(parent
        ? [{ type: 'childOf', targetRef: `group:default/${parent}` }]
        : []),
      ...children.map(child => ({
        type: 'parentOf',
        targetRef: `group:default/${child}`,
      })),
    ],
  };
}

/** The example organisation of examples/org.yaml. */
export const exampleOrgGroups: Entity[] = [
  groupEntity('example-corp', { children: ['tokyo-office', 'osaka-office'] }),
  groupEntity('tokyo-office', {
    parent: 'example-corp',
    children: ['tokyo-it', 'tokyo-sales'],
  }),
  groupEntity('tokyo-it', { parent: 'tokyo-office' }),
  groupEntity('tokyo-sales', { parent: 'tokyo-office' }),
  groupEntity('osaka-office', {
    parent: 'example-corp',
    children: ['osaka-it'],
  }),
  groupEntity('osaka-it', { parent: 'osaka-office' }),
  groupEntity('unassigned-devices'),
];
