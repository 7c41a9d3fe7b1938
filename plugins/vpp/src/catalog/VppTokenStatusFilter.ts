import { EntityFilter } from '@backstage/plugin-catalog-react';
import {
  VPP_EXPIRY_STATUS_LABEL,
  VppTokenStatus,
} from '@internal/plugin-vpp-common';

/** Every token status, in the order the status filter lists them. */
export const VPP_TOKEN_STATUSES: readonly VppTokenStatus[] = [
  'ok',
  'expiring',
  'expired',
  'revoked',
  'invalid',
  'claimed-elsewhere',
];

/** True for the strings that name a token status (query parameters are user input). */
export function isVppTokenStatus(value: string): value is VppTokenStatus {
  return (VPP_TOKEN_STATUSES as readonly string[]).includes(value);
}

/**
 * Catalog filter on the token status label (`vpp.backstage.io/expiry-status`), applied by
 * the catalog backend so paging and counts stay right. Entities without the label (every
 * non-token entity) never match.
 *
 * @public
 */
export class VppTokenStatusFilter implements EntityFilter {
  constructor(readonly values: VppTokenStatus[]) {}

  getCatalogFilters(): Record<string, string[]> {
    return { [`metadata.labels.${VPP_EXPIRY_STATUS_LABEL}`]: this.values };
  }

  filterEntity(entity: {
    metadata: { labels?: Record<string, string> };
  }): boolean {
    const status = entity.metadata.labels?.[VPP_EXPIRY_STATUS_LABEL];
    return status !== undefined && (this.values as string[]).includes(status);
  }

  toQueryValue(): string[] {
    return this.values;
  }
}
