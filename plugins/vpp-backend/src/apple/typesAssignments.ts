import { z } from 'zod';
import {
  ID,
  OPT,
  fixPage,
  idLike,
  pagedShape,
  str,
} from './responseSchemaParts';
import type { Asset, PagedResponseFields, PricingParam } from './typesCommon';

/*
 * `GET /assignments`, and the bodies of `POST /assets/associate`, `/assets/disassociate` and
 * `/assets/revoke` (see `typesCommon.ts`).
 */

export interface GetAssignmentsQuery {
  adamId?: string;
  clientUserId?: string;
  serialNumber?: string;
  pricingParam?: PricingParam;
  pageIndex?: number;
  /** Only records changed since this `versionId` (the first page's `versionId` of a full sync). */
  sinceVersionId?: string;
  excludeInactiveUsers?: boolean;
  /** Adds `userStatus` and `idHash` to user assignments. */
  includeUserState?: boolean;
}

export interface Assignment {
  adamId: string;
  pricingParam?: PricingParam;
  serialNumber?: string;
  clientUserId?: string;
  userStatus?: string;
  idHash?: string;
}

export interface GetAssignmentsResponse extends PagedResponseFields {
  assignments: Assignment[];
}

/** Body of `POST /assets/associate` and `/assets/disassociate`. */
export interface ManageAssetsRequest {
  assets: Asset[];
  serialNumbers?: string[];
  clientUserIds?: string[];
}

/** Body of `POST /assets/revoke`. */
export interface RevokeAssetsRequest {
  clientUserIds?: string[];
  serialNumbers?: string[];
}

const ASSIGNMENT_FIXES = [
  ['adamId', ID],
  ['pricingParam', OPT],
  ['serialNumber', OPT],
  ['clientUserId', ID],
  ['userStatus', OPT],
  ['idHash', OPT],
] as const;

const assignmentRaw = z
  .object({
    adamId: idLike,
    pricingParam: str,
    serialNumber: str,
    clientUserId: idLike.nullish(),
    userStatus: str,
    idHash: str,
  })
  .passthrough();

export const getAssignmentsResponseSchema = z
  .object({
    ...pagedShape,
    assignments: z.array(assignmentRaw).nullish(),
  })
  .passthrough()
  .transform(raw =>
    fixPage<GetAssignmentsResponse>(raw, 'assignments', ASSIGNMENT_FIXES),
  );
