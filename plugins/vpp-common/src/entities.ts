/** `spec.type` of the catalog Resource entities that represent content tokens. @public */
export const VPP_TOKEN_ENTITY_TYPE = 'apple-vpp-token';

/** Annotations and labels on token entities. No secret is ever put there. @public */
export const VPP_ANNOTATIONS = {
  tokenId: 'vpp.backstage.io/token-id',
  expiresAt: 'vpp.backstage.io/expires-at',
  location: 'vpp.backstage.io/location',
  orgName: 'vpp.backstage.io/org-name',
  country: 'vpp.backstage.io/country',
  daysLeft: 'vpp.backstage.io/days-left',
  status: 'vpp.backstage.io/status',
} as const;

/** Label holding the token status, so catalog tables can filter by it. @public */
export const VPP_EXPIRY_STATUS_LABEL = 'vpp.backstage.io/expiry-status';

/** Catalog entity name of a token. @public */
export function vppTokenEntityName(tokenId: string): string {
  return `vpp-token-${tokenId}`;
}

/**
 * Events topic the vpp backend publishes after every token change, with payload
 * `{ tokenId, change }`; the catalog module refreshes token entities on it.
 *
 * @public
 */
export const VPP_TOKEN_CHANGED_TOPIC = 'vpp.token.changed';
