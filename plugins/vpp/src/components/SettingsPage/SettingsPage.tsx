import {
  Content,
  EmptyState,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import { VppAppConfig, VppVpnConfig } from '@internal/plugin-vpp-common';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import DialogContent from '@mui/material/DialogContent';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Tab from '@mui/material/Tab';
import TableCell from '@mui/material/TableCell';
import Tabs from '@mui/material/Tabs';
import Typography from '@mui/material/Typography';
import { RiAddLine } from '@remixicon/react';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { vppApiRef } from '../../api';
import { vppTranslationRef } from '../../translation';
import { DialogButtons } from '../shared/DialogButtons';
import { errorMessage } from '../shared/errors';
import { TitledDialog } from '../shared/TitledDialog';
import { AppConfigDialog } from './AppConfigDialog';
import { SettingsTable } from './SettingsTable';
import { SETTING_PLATFORMS, VpnConfigDialog } from './VpnConfigDialog';

type Kind = 'appConfigs' | 'vpn';

/** Asks before deleting; shows the backend's 409 (the setting is in use) in place. */
function DeleteDialog(props: {
  name: string;
  onDelete: () => Promise<void>;
  onClose: () => void;
}) {
  const { t } = useTranslationRef(vppTranslationRef);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  return (
    <TitledDialog
      onClose={props.onClose}
      title={t('settings.delete.title', { name: props.name })}
    >
      <DialogContent>
        <Typography variant="body2">
          {t('settings.delete.description')}
        </Typography>
        {error && (
          <Alert
            severity="error"
            sx={{ mt: 2 }}
            data-testid="vpp-setting-delete-error"
          >
            {error}
          </Alert>
        )}
      </DialogContent>
      <DialogButtons
        onCancel={props.onClose}
        confirmLabel={t('settings.delete.confirm')}
        onConfirm={async () => {
          setBusy(true);
          setError(undefined);
          try {
            await props.onDelete();
          } catch (e) {
            setError(errorMessage(e));
          } finally {
            setBusy(false);
          }
        }}
        confirmDisabled={busy}
        confirmColor="error"
      />
    </TitledDialog>
  );
}

/**
 * `/vpp/settings`: the named managed app configurations and VPN settings that
 * distributions choose by name.
 */
export function SettingsPage() {
  const vppApi = useApi(vppApiRef);
  const { t } = useTranslationRef(vppTranslationRef);
  const [kind, setKind] = useState<Kind>('appConfigs');
  const [editing, setEditing] = useState<
    | { kind: 'appConfigs'; config?: VppAppConfig }
    | { kind: 'vpn'; config?: VppVpnConfig }
  >();
  const [deleting, setDeleting] = useState<
    | { kind: 'appConfigs'; config: VppAppConfig }
    | { kind: 'vpn'; config: VppVpnConfig }
  >();
  const [notice, setNotice] = useState<string>();

  const appConfigs = useAsyncRetry(
    () => vppApi.listAppConfigs({ limit: 500 }),
    [vppApi],
  );
  const vpnConfigs = useAsyncRetry(
    () => vppApi.listVpnConfigs({ limit: 500 }),
    [vppApi],
  );
  const list = kind === 'appConfigs' ? appConfigs : vpnConfigs;

  let body;
  if (list.error && !list.value) {
    body = (
      <ResponseErrorPanel
        error={list.error}
        title={t(`settings.${kind}.loadError`)}
      />
    );
  } else if (!list.value) {
    body = <LinearProgress />;
  } else if (list.value.totalCount === 0) {
    body = (
      <Box data-testid="vpp-settings-empty">
        <EmptyState
          missing="content"
          title={t(`settings.${kind}.emptyTitle`)}
          description={t(`settings.${kind}.emptyDescription`)}
        />
      </Box>
    );
  } else if (kind === 'appConfigs') {
    body = (
      <SettingsTable
        testId="vpp-app-configs"
        rowTestId="vpp-app-config-row"
        settings={appConfigs.value?.items ?? []}
        columns={[t('settings.fields.app'), t('settings.fields.keys')]}
        cells={config => (
          <>
            <TableCell sx={{ fontFamily: 'monospace' }}>
              {[config.bundleId, config.adamId].filter(Boolean).join(' · ')}
            </TableCell>
            <TableCell sx={{ fontFamily: 'monospace' }}>
              {Object.keys(config.values).join(', ')}
            </TableCell>
          </>
        )}
        onEdit={config => setEditing({ kind: 'appConfigs', config })}
        onDelete={config => setDeleting({ kind: 'appConfigs', config })}
      />
    );
  } else {
    body = (
      <SettingsTable
        testId="vpp-vpn-configs"
        rowTestId="vpp-vpn-config-row"
        settings={vpnConfigs.value?.items ?? []}
        columns={[t('settings.fields.vpnUuid'), t('settings.fields.platforms')]}
        cells={config => (
          <>
            <TableCell sx={{ fontFamily: 'monospace' }}>
              {config.vpnUuid}
            </TableCell>
            <TableCell>
              {config.platforms.map(p => SETTING_PLATFORMS[p]).join(', ')}
            </TableCell>
          </>
        )}
        onEdit={config => setEditing({ kind: 'vpn', config })}
        onDelete={config => setDeleting({ kind: 'vpn', config })}
      />
    );
  }

  const saved = (name: string) => {
    setEditing(undefined);
    setNotice(t('settings.saved', { name }));
    list.retry();
  };

  return (
    <Content>
      <Stack spacing={2}>
        <Stack direction="row" alignItems="center">
          <Box sx={{ flex: 1 }}>
            <Typography variant="h5">{t('settings.title')}</Typography>
            <Typography variant="body2" color="text.secondary">
              {t('settings.description')}
            </Typography>
          </Box>
          <Button
            variant="contained"
            startIcon={<RiAddLine size={16} />}
            onClick={() => setEditing({ kind })}
            data-testid="vpp-setting-create"
          >
            {t(`settings.${kind}.create`)}
          </Button>
        </Stack>
        {notice && (
          <Alert severity="success" onClose={() => setNotice(undefined)}>
            {notice}
          </Alert>
        )}
        <Tabs value={kind} onChange={(_, next) => setKind(next)}>
          <Tab value="appConfigs" label={t('settings.appConfigs.tab')} />
          <Tab value="vpn" label={t('settings.vpn.tab')} />
        </Tabs>
        <Paper variant="outlined" sx={{ p: 2 }}>
          {list.loading && list.value && <LinearProgress />}
          {body}
        </Paper>
      </Stack>
      {editing?.kind === 'appConfigs' && (
        <AppConfigDialog
          config={editing.config}
          onClose={() => setEditing(undefined)}
          onSaved={config => saved(config.name)}
        />
      )}
      {editing?.kind === 'vpn' && (
        <VpnConfigDialog
          config={editing.config}
          onClose={() => setEditing(undefined)}
          onSaved={config => saved(config.name)}
        />
      )}
      {deleting && (
        <DeleteDialog
          name={deleting.config.name}
          onClose={() => setDeleting(undefined)}
          onDelete={async () => {
            if (deleting.kind === 'appConfigs') {
              await vppApi.deleteAppConfig(deleting.config.id);
              appConfigs.retry();
            } else {
              await vppApi.deleteVpnConfig(deleting.config.id);
              vpnConfigs.retry();
            }
            setDeleting(undefined);
            setNotice(t('settings.deleted', { name: deleting.config.name }));
          }}
        />
      )}
    </Content>
  );
}
