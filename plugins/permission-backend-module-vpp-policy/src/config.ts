import { Config } from '@backstage/config';

/** `vpp.permissions`, read and checked once at start. */
export interface VppPolicyConfig {
  /** Lower-cased user and group entity refs allowed every `vpp.*` action. */
  admins: string[];
  /** Everyone signed in may read every token, device and the like (not only their groups'). */
  everyoneCanRead: boolean;
}

const ENTITY_REF = /^(user|group):([^:/\s]+\/)?[^:/\s]+$/i;

/**
 * Reads `vpp.permissions`. A malformed admin stops the backend: a typo there would
 * otherwise silently leave the organisation without an administrator.
 */
export function readVppPolicyConfig(config: Config): VppPolicyConfig {
  const admins = (
    config.getOptionalStringArray('vpp.permissions.admins') ?? []
  ).map(ref => {
    const trimmed = ref.trim();
    if (!ENTITY_REF.test(trimmed)) {
      throw new Error(
        `vpp.permissions.admins: "${ref}" is not a user or group entity ref; use e.g. "user:default/jane.doe" or "group:default/it-admins".`,
      );
    }
    const [kind, rest] = trimmed.split(':', 2);
    const withNamespace = rest.includes('/') ? rest : `default/${rest}`;
    return `${kind}:${withNamespace}`.toLocaleLowerCase('en-US');
  });
  return {
    admins,
    everyoneCanRead:
      config.getOptionalBoolean('vpp.permissions.everyoneCanRead') ?? false,
  };
}
