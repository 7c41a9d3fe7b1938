/** `spec.type` of the catalog Resource entities that represent content tokens. @public */
export const VPP_TOKEN_ENTITY_TYPE = 'apple-vpp-token';

/** Annotations and labels on token entities. No secret is ever put there. @public */
export const VPP_ANNOTATIONS = {
  tokenId: 'vpp.backstage.io/token-id',
  expiresAt: 'vpp.backstage.io/expires-at',
  location: 'vpp.backstage.io/location',
  orgName: 'vpp.backstage.io/org-name',
  country: 'vpp.backstage.io/country',
} as const;

/** Label holding the token status, so catalog tables can filter by it. @public */
export const VPP_EXPIRY_STATUS_LABEL = 'vpp.backstage.io/expiry-status';

/** Catalog entity name of a token. @public */
export function vppTokenEntityName(tokenId: string): string {
  return `vpp-token-${tokenId}`;
}
