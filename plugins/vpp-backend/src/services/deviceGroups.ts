import { AuthService } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  RELATION_CHILD_OF,
  RELATION_PARENT_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';

/**
 * A group entity ref from what a user or an enrolment URL gives: `tokyo-it`,
 * `default/tokyo-it`, `group:tokyo-it` or `group:default/tokyo-it`, all lower case
 * (entity refs compare case-insensitively).
 */
export function toGroupRef(value: string): string {
  let ref;
  try {
    ref = parseEntityRef(value.trim(), {
      defaultKind: 'group',
      defaultNamespace: 'default',
    });
  } catch (error) {
    throw new InputError(
      `"${value}" is not a group; give a group name such as tokyo-it or a ref such as group:default/tokyo-it.`,
    );
  }
  if (ref.kind.toLocaleLowerCase('en-US') !== 'group') {
    throw new InputError(
      `"${value}" is a ${ref.kind}, not a group; devices belong to catalog groups.`,
    );
  }
  return stringifyEntityRef(ref).toLocaleLowerCase('en-US');
}

interface GroupTree {
  known: Set<string>;
  children: Map<string, Set<string>>;
  parents: Map<string, Set<string>>;
}

/**
 * Device groups are the catalog's Group entities (R-DEV-2); subgroups come from their
 * parent/child relations. The whole group tree is read at once with the plugin's own
 * credentials and kept briefly: an organisation has hundreds of groups, not millions,
 * and searches and permission checks ask for subtrees often.
 */
export class DeviceGroups {
  readonly #catalog: CatalogService;
  readonly #auth: AuthService;
  readonly #cacheMs: number;
  readonly #now: () => number;
  #cached?: { tree: Promise<GroupTree>; at: number };

  constructor(options: {
    catalog: CatalogService;
    auth: AuthService;
    /** How long one read of the group tree is used. */
    cacheMs?: number;
    now?: () => number;
  }) {
    this.#catalog = options.catalog;
    this.#auth = options.auth;
    this.#cacheMs = options.cacheMs ?? 30_000;
    this.#now = options.now ?? Date.now;
  }

  /** Whether the catalog has this group. */
  async exists(ref: string): Promise<boolean> {
    return (await this.#tree()).known.has(ref);
  }

  /** The group and every group below it (an unknown group is just itself). */
  async subtree(ref: string): Promise<string[]> {
    return this.subtrees([ref]);
  }

  /** The groups and every group below any of them, each once. */
  async subtrees(refs: string[]): Promise<string[]> {
    return walk(refs, (await this.#tree()).children);
  }

  /** The group and every group above it (for checking a device against a rule). */
  async withAncestors(ref: string): Promise<string[]> {
    return walk([ref], (await this.#tree()).parents);
  }

  #tree(): Promise<GroupTree> {
    const cached = this.#cached;
    if (cached && this.#now() - cached.at < this.#cacheMs) return cached.tree;
    const tree = this.#load();
    this.#cached = { tree, at: this.#now() };
    // A failed read, or a catalog without any group yet (it is still loading after a
    // start), is not kept: the next call asks the catalog again.
    const forget = () => {
      if (this.#cached?.tree === tree) this.#cached = undefined;
    };
    tree.then(t => t.known.size === 0 && forget(), forget);
    return tree;
  }

  async #load(): Promise<GroupTree> {
    const { items } = await this.#catalog.getEntities(
      {
        filter: { kind: 'Group' },
        fields: [
          'kind',
          'metadata.namespace',
          'metadata.name',
          'spec.parent',
          'spec.children',
          'relations',
        ],
      },
      { credentials: await this.#auth.getOwnServiceCredentials() },
    );
    const tree: GroupTree = {
      known: new Set(),
      children: new Map(),
      parents: new Map(),
    };
    const link = (parent: string, child: string) => {
      if (parent === child) return;
      add(tree.children, parent, child);
      add(tree.parents, child, parent);
    };
    for (const entity of items) {
      const self = stringifyEntityRef(entity).toLocaleLowerCase('en-US');
      tree.known.add(self);
      const namespace = entity.metadata.namespace ?? 'default';
      const ref = (value: string) =>
        toRelatedRef(value, namespace) ?? undefined;
      for (const relation of entity.relations ?? []) {
        const target = ref(relation.targetRef);
        if (!target?.startsWith('group:')) continue;
        if (relation.type === RELATION_PARENT_OF) link(self, target);
        if (relation.type === RELATION_CHILD_OF) link(target, self);
      }
      // The spec too: the relations are what the catalog derives from it, and a
      // freshly added entity may not have them yet.
      const spec = (
        entity as Entity & {
          spec?: { parent?: unknown; children?: unknown };
        }
      ).spec;
      if (typeof spec?.parent === 'string') {
        const parent = ref(spec.parent);
        if (parent) link(parent, self);
      }
      if (Array.isArray(spec?.children)) {
        for (const value of spec!.children as unknown[]) {
          const child = typeof value === 'string' ? ref(value) : undefined;
          if (child) link(self, child);
        }
      }
    }
    return tree;
  }
}

function toRelatedRef(value: string, namespace: string): string | undefined {
  try {
    return stringifyEntityRef(
      parseEntityRef(value, {
        defaultKind: 'group',
        defaultNamespace: namespace,
      }),
    ).toLocaleLowerCase('en-US');
  } catch {
    return undefined;
  }
}

function add(map: Map<string, Set<string>>, key: string, value: string) {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

/** Breadth-first from `start` along `edges`; cycles in bad catalog data end the walk. */
function walk(start: string[], edges: Map<string, Set<string>>): string[] {
  const seen = new Set<string>();
  const queue = [...start];
  while (queue.length) {
    const next = queue.shift()!;
    if (seen.has(next)) continue;
    seen.add(next);
    for (const other of edges.get(next) ?? []) queue.push(other);
  }
  return [...seen];
}
