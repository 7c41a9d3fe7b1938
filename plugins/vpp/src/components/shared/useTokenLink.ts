import {
  routeResolutionApiRef,
  useApiHolder,
} from '@backstage/frontend-plugin-api';
import { useLocation } from 'react-router-dom';
import { rootRouteRef, tokenRouteRef } from '../../routes';

const FALLBACK_ROOT = '/vpp';

function useResolver() {
  const { pathname } = useLocation();
  // Optional on purpose: the entity card also runs in legacy apps, which have no route
  // resolution API; there the plugin's default path is used.
  const resolver = useApiHolder().get(routeResolutionApiRef);
  return { resolver, pathname };
}

/** A function giving the URL of a token's page. */
export function useTokenLink(): (tokenId: string) => string {
  const { resolver, pathname } = useResolver();
  let resolved: ((params: { tokenId: string }) => string) | undefined;
  try {
    resolved = resolver?.resolve(tokenRouteRef, { sourcePath: pathname });
  } catch {
    resolved = undefined;
  }
  return (tokenId: string) =>
    resolved
      ? resolved({ tokenId })
      : `${FALLBACK_ROOT}/tokens/${encodeURIComponent(tokenId)}`;
}

/** The URL of the tokens page. */
export function useTokensPageLink(): string {
  const { resolver, pathname } = useResolver();
  try {
    return (
      resolver?.resolve(rootRouteRef, { sourcePath: pathname })?.() ??
      FALLBACK_ROOT
    );
  } catch {
    return FALLBACK_ROOT;
  }
}
