import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createHash } from 'node:crypto';
import { DistributionRequest } from './distributionApi';
import { callVpp, createVppClientFor, VppActionOptions } from './helpers';

/**
 * The inputs of `vpp:apps:install` that make up the distribution: the request's
 * options as the form leaves them (defaults to fill in, empty values to drop), and
 * `appConfigId`, the one configuration VppAppConfigPicker sends.
 */
export type InstallInput = Pick<
  DistributionRequest,
  | 'platform'
  | 'appConfigIds'
  | 'vpnConfigId'
  | 'removeWithMdmProfile'
  | 'preventBackup'
  | 'removable'
  | 'scheduledAt'
  | 'allowPartial'
> & {
  licenseMode?: DistributionRequest['licenseMode'];
  targets: Record<string, unknown>;
  appConfigId?: string;
};

/** The apps to install, trimmed and without repeats; refuses none or a blank one. */
export function installAdamIds(adamIds: string[]): string[] {
  const unique = [...new Set(adamIds.map(a => String(a).trim()))];
  if (unique.length === 0 || unique.some(a => !a)) {
    throw new InputError('Choose at least one app to install.');
  }
  return unique;
}

/**
 * The body of `POST /distributions` for the inputs, with the form's defaults filled in
 * and its empty values left out. Refuses targets that choose no device, and an app
 * configuration of an app not being installed (read from the backend as the user).
 */
export async function installRequest(
  input: InstallInput,
  tokenId: string,
  adamIds: string[],
  credentials: BackstageCredentials,
  options: VppActionOptions,
): Promise<DistributionRequest> {
  return {
    tokenId,
    adamIds,
    platform: input.platform,
    licenseMode: input.licenseMode ?? 'auto',
    targets: cleanTargets(input.targets),
    ...(await appConfigs(input, adamIds, credentials, options)),
    ...(blank(input.vpnConfigId) ? {} : { vpnConfigId: input.vpnConfigId }),
    removeWithMdmProfile: input.removeWithMdmProfile ?? false,
    preventBackup: input.preventBackup ?? false,
    removable: input.removable ?? true,
    ...(blank(input.scheduledAt)
      ? {}
      : { scheduledAt: scheduleInstant(input.scheduledAt) }),
    allowPartial: input.allowPartial ?? false,
  };
}

/** The checkpoint key of the start of this request, so a retried task finds its distribution. */
export function installCheckpointKey(request: DistributionRequest): string {
  const fingerprint = createHash('sha256')
    .update(JSON.stringify(request))
    .digest('hex')
    .slice(0, 16);
  return `vpp.apps.install.${fingerprint}`;
}

/**
 * The backend takes an instant; a date from VppScheduleDatePicker means the start of that
 * day (UTC), which keeps the last allowed day — the day before expiry — allowed.
 */
function scheduleInstant(value: string): string {
  const trimmed = value.trim();
  return /^\d{4}-\d{2}-\d{2}$/.test(trimmed)
    ? `${trimmed}T00:00:00.000Z`
    : trimmed;
}

function blank(value: string | undefined): value is undefined {
  return value === undefined || value.trim() === '';
}

/** Drops the empty values a form leaves behind, so they are not sent as filters. */
function cleanTargets(
  targets: Record<string, unknown>,
): DistributionRequest['targets'] {
  const cleaned = Object.fromEntries(
    Object.entries(targets ?? {}).filter(
      ([, v]) => v !== undefined && v !== null && v !== '',
    ),
  );
  if (Object.keys(cleaned).length === 0) {
    throw new InputError(
      'Choose the devices: give targets.deviceIds or at least one filter (such as a group).',
    );
  }
  if (
    'deviceIds' in cleaned &&
    (!Array.isArray(cleaned.deviceIds) || cleaned.deviceIds.length === 0)
  ) {
    throw new InputError(
      'targets.deviceIds is empty: choose at least one device, or select all matches.',
    );
  }
  return cleaned as DistributionRequest['targets'];
}

/** appConfigIds, or the one appConfigId placed on the app it belongs to. */
async function appConfigs(
  input: { appConfigIds?: Record<string, string>; appConfigId?: string },
  adamIds: string[],
  credentials: BackstageCredentials,
  options: VppActionOptions,
): Promise<{ appConfigIds?: Record<string, string> }> {
  const byApp = Object.fromEntries(
    Object.entries(input.appConfigIds ?? {}).filter(([, v]) => !blank(v)),
  );
  if (!blank(input.appConfigId)) {
    const id = input.appConfigId;
    const client = createVppClientFor(credentials, options);
    const config = await callVpp(() => client.getAppConfig(id));
    const adamId =
      config.adamId ?? (adamIds.length === 1 ? adamIds[0] : undefined);
    if (!adamId || !adamIds.includes(adamId)) {
      throw new InputError(
        `The managed app configuration "${config.name}" is for ${
          config.adamId ? `app ${config.adamId}` : `bundle ${config.bundleId}`
        }, which is not ${
          adamIds.length === 1 ? 'the app' : 'one of the apps'
        } being installed (${adamIds.join(
          ', ',
        )}). Choose a configuration of the app, or give appConfigIds per app.`,
      );
    }
    byApp[adamId] = id;
  }
  return Object.keys(byApp).length ? { appConfigIds: byApp } : {};
}
