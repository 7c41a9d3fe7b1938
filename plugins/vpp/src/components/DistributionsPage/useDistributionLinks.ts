import {
  routeResolutionApiRef,
  SubRouteRef,
  useApiHolder,
} from '@backstage/frontend-plugin-api';
import { useLocation } from 'react-router-dom';
import { distributionRouteRef, distributionsRouteRef } from '../../routes';
import { useVppLinks } from '../shared/useVppLinks';

/**
 * Links to the distributions list (optionally filtered by a token) and to one
 * distribution's progress, resolved through the app's routes like `useVppLinks`.
 */
export function useDistributionLinks() {
  const { pathname } = useLocation();
  const resolver = useApiHolder().get(routeResolutionApiRef);
  const { root } = useVppLinks();
  const resolve = (ref: SubRouteRef<any>) => {
    try {
      return resolver?.resolve(ref, { sourcePath: pathname }) as
        | ((params?: any) => string)
        | undefined;
    } catch {
      return undefined;
    }
  };
  const list = resolve(distributionsRouteRef);
  const one = resolve(distributionRouteRef);
  const e = encodeURIComponent;
  return {
    /** `/vpp/distributions`, with `?tokenId=` when a token is given. */
    distributions(filter?: { tokenId?: string }) {
      const base = list ? list() : `${root}/distributions`;
      return filter?.tokenId ? `${base}?tokenId=${e(filter.tokenId)}` : base;
    },
    distribution(distributionId: string) {
      return one
        ? one({ distributionId })
        : `${root}/distributions/${e(distributionId)}`;
    },
  };
}
