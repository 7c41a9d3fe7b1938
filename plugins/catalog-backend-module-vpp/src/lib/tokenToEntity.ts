import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  DEFAULT_NAMESPACE,
  ResourceEntity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  VPP_ANNOTATIONS,
  VPP_EXPIRY_STATUS_LABEL,
  VPP_TOKEN_ENTITY_TYPE,
  VppToken,
  vppTokenEntityName,
} from '@internal/plugin-vpp-common';

/**
 * The location reference written to `backstage.io/managed-by-location` and
 * `backstage.io/managed-by-origin-location` of a token entity.
 *
 * @internal
 */
export function vppTokenLocationRef(tokenId: string): string {
  return `vpp:token/${tokenId}`;
}

/**
 * The catalog entity ref of a token, e.g. `resource:default/vpp-token-<id>`.
 *
 * @internal
 */
export function vppTokenEntityRef(tokenId: string): string {
  return stringifyEntityRef({
    kind: 'Resource',
    namespace: DEFAULT_NAMESPACE,
    name: vppTokenEntityName(tokenId),
  });
}

/**
 * Turns a content token, as the vpp backend lists it, into a catalog entity.
 *
 * Only metadata goes into the entity: the API never returns the token file or the secret
 * inside it, and nothing here reads one.
 *
 * @internal
 */
export function tokenToEntity(
  token: VppToken,
  options: { appBaseUrl?: string } = {},
): ResourceEntity {
  const location = vppTokenLocationRef(token.id);

  const entity: ResourceEntity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: vppTokenEntityName(token.id),
      title: token.displayName || token.locationName || token.id,
      description: describeToken(token),
      annotations: {
        [ANNOTATION_LOCATION]: location,
        [ANNOTATION_ORIGIN_LOCATION]: location,
        [VPP_ANNOTATIONS.tokenId]: token.id,
        [VPP_ANNOTATIONS.expiresAt]: token.expiresAt,
        [VPP_ANNOTATIONS.location]: token.locationName,
        [VPP_ANNOTATIONS.orgName]: token.orgName,
        [VPP_ANNOTATIONS.country]: token.countryCode,
        [VPP_ANNOTATIONS.daysLeft]: String(token.daysLeft),
        [VPP_ANNOTATIONS.status]: token.status,
      },
      labels: {
        [VPP_EXPIRY_STATUS_LABEL]: token.status,
      },
    },
    spec: {
      type: VPP_TOKEN_ENTITY_TYPE,
      owner: token.owner,
    },
  };

  // The catalog only accepts absolute link URLs, so the link needs app.baseUrl (which
  // every Backstage installation sets).
  if (options.appBaseUrl) {
    const tokenPage = `${options.appBaseUrl.replace(
      /\/+$/,
      '',
    )}/vpp/tokens/${encodeURIComponent(token.id)}`;
    entity.metadata.links = [
      { url: tokenPage, title: 'Token in VPP', icon: 'dashboard' },
    ];
  }

  if (token.sharesFrom) {
    entity.spec.dependsOn = [vppTokenEntityRef(token.sharesFrom)];
  }

  return entity;
}

function describeToken(token: VppToken): string {
  const where = `Apple Apps and Books content token for the location "${token.locationName}" of ${token.orgName}`;
  return token.sharesFrom
    ? `${where}; shares the licenses of another token.`
    : `${where}.`;
}
