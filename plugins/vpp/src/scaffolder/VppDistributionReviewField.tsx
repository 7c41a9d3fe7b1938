import {
  discoveryApiRef,
  fetchApiRef,
  useApi,
  useTranslationRef,
} from '@backstage/frontend-plugin-api';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import type {
  VppDistributionPlan,
  VppDistributionRequest,
} from '@internal/plugin-vpp-common';
import Alert from '@mui/material/Alert';
import FormControl from '@mui/material/FormControl';
import LinearProgress from '@mui/material/LinearProgress';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useEffect } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { vppApiRef } from '../api';
import { errorMessage } from '../components/shared/errors';
import { vppTranslationRef } from '../translation';
import { fetchDistributionPlan } from './distributionPlan';

/** The install templates' parameter names, as `vpp:apps:install` takes them. */
type InstallForm = {
  token?: string;
  adamIds?: string[];
  platform?: 'ios' | 'macos';
  licenseMode?: 'auto' | 'manual';
  targets?: VppDistributionRequest['targets'];
  appConfigId?: string;
  vpnConfigId?: string;
  removeWithMdmProfile?: boolean;
  preventBackup?: boolean;
  removable?: boolean;
  scheduledAt?: string;
  allowPartial?: boolean;
};

/** Apps whose licenses fall short of what the plan needs. */
export function shortApps(plan: VppDistributionPlan) {
  return plan.apps.filter(app => app.needed > app.available);
}

/**
 * `VppDistributionReview`, placed on the last page of an install template: the plan of
 * the distribution the form describes, from a dry run (nothing changes) — devices
 * matched, left out and why, already licensed, licenses needed against available per
 * app. When licenses are short (and partial installs are not allowed) or the backend
 * refuses, it says so and keeps the form from going on. The value is a one-line summary.
 */
export function VppDistributionReviewField(
  props: FieldExtensionComponentProps<string>,
) {
  const { onChange, schema, formData } = props;
  const { t } = useTranslationRef(vppTranslationRef);
  const vppApi = useApi(vppApiRef);
  const discoveryApi = useApi(discoveryApiRef);
  const fetchApi = useApi(fetchApiRef);
  const form = ((props.formContext as { formData?: InstallForm })?.formData ??
    {}) as InstallForm;
  const complete = Boolean(form.token && form.adamIds?.length && form.targets);
  const key = JSON.stringify([
    form.token,
    form.adamIds,
    form.platform,
    form.licenseMode,
    form.targets,
    form.appConfigId,
    form.vpnConfigId,
    form.removeWithMdmProfile,
    form.preventBackup,
    form.removable,
    form.scheduledAt,
    form.allowPartial,
  ]);

  const plan = useAsync(async () => {
    if (!complete) return undefined;
    const adamIds = form.adamIds!;
    let appConfigIds: Record<string, string> | undefined;
    if (form.appConfigId) {
      const config = await vppApi.getAppConfig(form.appConfigId);
      const adamId =
        config.adamId ?? (adamIds.length === 1 ? adamIds[0] : undefined);
      if (adamId) appConfigIds = { [adamId]: form.appConfigId };
    }
    return fetchDistributionPlan(
      { discoveryApi, fetchApi },
      {
        tokenId: form.token!,
        adamIds,
        platform: form.platform ?? 'ios',
        licenseMode: form.licenseMode ?? 'auto',
        targets: form.targets!,
        ...(appConfigIds && { appConfigIds }),
        ...(form.vpnConfigId && { vpnConfigId: form.vpnConfigId }),
        removeWithMdmProfile: form.removeWithMdmProfile ?? false,
        preventBackup: form.preventBackup ?? false,
        removable: form.removable ?? true,
        ...(form.scheduledAt && {
          scheduledAt: /^\d{4}-\d{2}-\d{2}$/.test(form.scheduledAt)
            ? `${form.scheduledAt}T00:00:00.000Z`
            : form.scheduledAt,
        }),
        allowPartial: form.allowPartial ?? false,
      },
    );
    // The key holds every input of the dry run.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, complete, vppApi, discoveryApi, fetchApi]);

  const short = plan.value ? shortApps(plan.value) : [];
  const reasonText = (reason: string): string =>
    (t as unknown as (key: string) => string)(
      `scaffolderFields.review.leftOutReasons.${reason}`,
    );
  const stopped =
    Boolean(plan.error) || (short.length > 0 && !form.allowPartial);
  const summary = plan.value
    ? t('scaffolderFields.review.summary', {
        devices: String(plan.value.devicesMatched),
        licenses: String(plan.value.apps.reduce((n, a) => n + a.needed, 0)),
      })
    : undefined;

  // Only a plan that can go ahead fills the (required) value.
  useEffect(() => {
    const next = !plan.loading && !stopped ? summary : undefined;
    if (next !== formData) onChange(next!);
  }, [plan.loading, stopped, summary, formData, onChange]);

  return (
    <FormControl
      fullWidth
      margin="normal"
      data-testid="vpp-distribution-review"
    >
      <Typography variant="subtitle1">{schema.title}</Typography>
      {schema.description && (
        <Typography variant="body2" color="text.secondary">
          {schema.description}
        </Typography>
      )}
      {!complete && (
        <Alert severity="info">{t('scaffolderFields.review.incomplete')}</Alert>
      )}
      {plan.loading && (
        <>
          <LinearProgress sx={{ mt: 1 }} />
          <Typography variant="body2">
            {t('scaffolderFields.review.loading')}
          </Typography>
        </>
      )}
      {plan.error && (
        <Alert severity="error" sx={{ mt: 1 }} data-testid="vpp-review-stop">
          {t('scaffolderFields.review.refused', {
            message: errorMessage(plan.error),
          })}
        </Alert>
      )}
      {plan.value && (
        <div data-testid="vpp-review-plan">
          <Typography sx={{ mt: 1 }} data-testid="vpp-review-matched">
            {t('scaffolderFields.review.devicesMatched', {
              n: String(plan.value.devicesMatched),
            })}
          </Typography>
          {plan.value.leftOut
            .filter(l => l.count > 0)
            .map(l => (
              <Typography key={l.reason} variant="body2" data-reason={l.reason}>
                {t('scaffolderFields.review.leftOut', {
                  n: String(l.count),
                  reason: reasonText(l.reason),
                })}
              </Typography>
            ))}
          <Table size="small" sx={{ mt: 1 }}>
            <TableHead>
              <TableRow>
                <TableCell>
                  {t('scaffolderFields.review.columns.app')}
                </TableCell>
                <TableCell align="right">
                  {t('scaffolderFields.review.columns.needed')}
                </TableCell>
                <TableCell align="right">
                  {t('scaffolderFields.review.columns.alreadyLicensed')}
                </TableCell>
                <TableCell align="right">
                  {t('scaffolderFields.review.columns.available')}
                </TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {plan.value.apps.map(app => (
                <TableRow
                  key={app.adamId}
                  data-testid="vpp-review-app"
                  data-adam-id={app.adamId}
                >
                  <TableCell>
                    {app.name ? `${app.name} (${app.adamId})` : app.adamId}
                  </TableCell>
                  <TableCell align="right">{app.needed}</TableCell>
                  <TableCell align="right">{app.alreadyLicensed}</TableCell>
                  <TableCell
                    align="right"
                    sx={
                      app.needed > app.available
                        ? { color: 'error.main', fontWeight: 600 }
                        : undefined
                    }
                  >
                    {app.available}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          {plan.value.apps.some(a => a.alreadyLicensed > 0) && (
            <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
              {t('scaffolderFields.review.alreadyLicensedNote')}
            </Typography>
          )}
          {short.length > 0 && (
            <Alert
              severity={form.allowPartial ? 'warning' : 'error'}
              sx={{ mt: 1 }}
              data-testid="vpp-review-stop"
            >
              {t('scaffolderFields.review.short', {
                apps: short
                  .map(app =>
                    t('scaffolderFields.review.shortApp', {
                      app: app.name ?? app.adamId,
                      needed: String(app.needed),
                      available: String(app.available),
                    }),
                  )
                  .join('; '),
              })}
            </Alert>
          )}
          {!stopped && (
            <Alert
              severity="success"
              sx={{ mt: 1 }}
              data-testid="vpp-review-ready"
            >
              {t('scaffolderFields.review.ready', {
                items: String(plan.value.items),
                devices: String(plan.value.devicesMatched),
              })}
            </Alert>
          )}
        </div>
      )}
    </FormControl>
  );
}
