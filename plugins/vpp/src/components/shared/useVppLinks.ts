import {
  routeResolutionApiRef,
  SubRouteRef,
  useApiHolder,
} from '@backstage/frontend-plugin-api';
import { useLocation } from 'react-router-dom';
import {
  appInstallStatusRouteRef,
  deviceRouteRef,
  devicesRouteRef,
  licensesRouteRef,
  rootRouteRef,
  settingsRouteRef,
} from '../../routes';

const FALLBACK_ROOT = '/vpp';

/**
 * Links between the install-side pages (devices, a device, an app's install status,
 * licenses, settings), resolved through the app's routes; the plugin's default paths
 * where no route resolution API exists (plain tests, legacy apps).
 */
export function useVppLinks() {
  const { pathname } = useLocation();
  const resolver = useApiHolder().get(routeResolutionApiRef);
  const resolve = <P extends { [k: string]: string } | undefined>(
    ref: SubRouteRef<any>,
    fallback: (params: P) => string,
  ) => {
    let resolved: ((params?: any) => string) | undefined;
    try {
      resolved = resolver?.resolve(ref, { sourcePath: pathname }) as
        | ((params?: any) => string)
        | undefined;
    } catch {
      resolved = undefined;
    }
    return (params: P) => (resolved ? resolved(params) : fallback(params));
  };
  let root = FALLBACK_ROOT;
  try {
    root =
      resolver?.resolve(rootRouteRef, { sourcePath: pathname })?.() ?? root;
  } catch {
    root = FALLBACK_ROOT;
  }
  const e = encodeURIComponent;
  return {
    root,
    devices: resolve<undefined>(devicesRouteRef, () => `${root}/devices`),
    device: resolve<{ deviceId: string }>(
      deviceRouteRef,
      p => `${root}/devices/${e(p.deviceId)}`,
    ),
    appInstallStatus: resolve<{ tokenId: string; adamId: string }>(
      appInstallStatusRouteRef,
      p => `${root}/tokens/${e(p.tokenId)}/apps/${e(p.adamId)}`,
    ),
    licenses: resolve<undefined>(licensesRouteRef, () => `${root}/licenses`),
    settings: resolve<undefined>(settingsRouteRef, () => `${root}/settings`),
  };
}
