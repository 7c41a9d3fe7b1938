import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import Alert from '@mui/material/Alert';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import LinearProgress from '@mui/material/LinearProgress';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemText from '@mui/material/ListItemText';
import Typography from '@mui/material/Typography';
import useAsync from 'react-use/esm/useAsync';
import { vppTranslationRef } from '../../translation';
import { errorMessage } from './errors';

interface GroupNode {
  ref: string;
  label: string;
  children: GroupNode[];
}

function toRef(namespace: string, name: string): string {
  return `group:${namespace}/${name}`.toLowerCase();
}

/** The catalog's groups as a tree (by `spec.parent`), roots and children by name. */
function useGroupTree() {
  const catalogApi = useApi(catalogApiRef);
  return useAsync(async (): Promise<GroupNode[]> => {
    const response = await catalogApi.getEntities({
      filter: { kind: 'Group' },
      fields: ['metadata.name', 'metadata.namespace', 'metadata.title', 'spec'],
    });
    const nodes = new Map<string, GroupNode & { parent?: string }>();
    for (const entity of response.items) {
      const namespace = entity.metadata.namespace ?? 'default';
      const spec = (entity.spec ?? {}) as {
        parent?: string;
        profile?: { displayName?: string };
      };
      const ref = toRef(namespace, entity.metadata.name);
      let parent: string | undefined;
      if (spec.parent) {
        parent = spec.parent.includes(':')
          ? spec.parent.toLowerCase()
          : toRef(namespace, spec.parent.split('/').pop()!);
      }
      nodes.set(ref, {
        ref,
        label:
          entity.metadata.title ??
          spec.profile?.displayName ??
          entity.metadata.name,
        children: [],
        parent,
      });
    }
    const roots: GroupNode[] = [];
    for (const node of nodes.values()) {
      const parent = node.parent ? nodes.get(node.parent) : undefined;
      (parent ? parent.children : roots).push(node);
    }
    const sort = (list: GroupNode[]) => {
      list.sort((a, b) => a.label.localeCompare(b.label));
      list.forEach(n => sort(n.children));
    };
    sort(roots);
    return roots;
  }, [catalogApi]);
}

/**
 * The group tree beside the device list: "All groups" or one group, and whether its
 * subgroups count too (seed A's サブグループを含める).
 */
export function GroupTree(props: {
  value: string;
  onChange: (ref: string) => void;
  includeSubgroups: boolean;
  onIncludeSubgroupsChange: (include: boolean) => void;
}) {
  const { value, onChange, includeSubgroups, onIncludeSubgroupsChange } = props;
  const { t } = useTranslationRef(vppTranslationRef);
  const tree = useGroupTree();

  const renderNodes = (nodes: GroupNode[], depth: number): JSX.Element[] =>
    nodes.flatMap((node): JSX.Element[] => [
      <ListItemButton
        key={node.ref}
        dense
        selected={value === node.ref}
        onClick={() => onChange(node.ref)}
        sx={{ pl: 2 + depth * 2 }}
        data-testid="vpp-group-node"
        data-group={node.ref}
      >
        <ListItemText primary={node.label} />
      </ListItemButton>,
      ...renderNodes(node.children, depth + 1),
    ]);

  return (
    <div data-testid="vpp-group-tree">
      <Typography variant="subtitle2" sx={{ px: 2, pt: 1 }}>
        {t('devices.groups.title')}
      </Typography>
      <FormControlLabel
        sx={{ px: 2 }}
        control={
          <Checkbox
            size="small"
            checked={includeSubgroups}
            onChange={event => onIncludeSubgroupsChange(event.target.checked)}
          />
        }
        label={t('devices.groups.includeSubgroups')}
      />
      {tree.loading && <LinearProgress />}
      {tree.error && (
        <Alert severity="warning" sx={{ mx: 1 }}>
          {t('devices.groups.loadError', {
            message: errorMessage(tree.error),
          })}
        </Alert>
      )}
      <List dense disablePadding>
        <ListItemButton
          dense
          selected={value === ''}
          onClick={() => onChange('')}
          data-testid="vpp-group-node"
          data-group=""
        >
          <ListItemText primary={t('devices.groups.all')} />
        </ListItemButton>
        {renderNodes(tree.value ?? [], 0)}
      </List>
    </div>
  );
}
