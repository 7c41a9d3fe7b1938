import { MdmAction, MdmConfigurationValue } from '@internal/plugin-vpp-node';
import { DistributionRecord } from '../../database/DistributionStore';
import { SettingsService } from '../SettingsService';

/**
 * The install action of one app of a distribution (R-MDM-2): the options as posted, the
 * managed app configuration and the per-app VPN from the named settings. The connector
 * turns it into `InstallApplication` (`PurchaseMethod` 1, `ManagementFlags`,
 * `ChangeManagementState`, `InstallAsManaged` on macOS, `Attributes.Removable` only
 * where the OS supports it).
 */
export async function buildInstall(
  d: DistributionRecord,
  adamId: string,
  bundleId: string | undefined,
  settings: SettingsService,
): Promise<MdmAction> {
  const o = d.options;
  const configId = o.appConfigIds?.[adamId];
  const configuration = configId
    ? ((await settings.getInstallConfiguration(configId))
        .configuration as Record<string, MdmConfigurationValue>)
    : undefined;
  const vpnUuid = o.vpnConfigId
    ? (await settings.getVpnConfig(o.vpnConfigId)).vpnUuid
    : undefined;
  return {
    type: 'install-app',
    app: {
      adamId,
      ...(bundleId ? { bundleId } : {}),
      platform: d.platform,
      removeWithMdmProfile: o.removeWithMdmProfile ?? false,
      preventBackup: o.preventBackup ?? false,
      removable: o.removable ?? true,
      ...(configuration ? { configuration } : {}),
      ...(vpnUuid ? { vpnUuid } : {}),
    },
  };
}
