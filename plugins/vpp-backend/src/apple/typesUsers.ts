import { z } from 'zod';
import {
  ID,
  OPT,
  fixPage,
  idLike,
  pagedShape,
  str,
} from './responseSchemaParts';
import type { PagedResponseFields } from './typesCommon';

/* `GET /users` and the bodies of `POST /users/create`, `/users/update`, `/users/retire` (see `typesCommon.ts`). */

export type UserStatus =
  | 'Registered'
  | 'Associated'
  | 'Retired'
  | 'Deleted'
  | (string & {});

export interface User {
  clientUserId: string;
  email?: string;
  inviteCode?: string;
  idHash?: string;
  status?: UserStatus;
  managedAppleId?: string;
}

export interface GetUsersQuery {
  activeOnly?: boolean;
  retiredOnly?: boolean;
  clientUserId?: string;
  pageIndex?: number;
  sinceVersionId?: string;
}

export interface GetUsersResponse extends PagedResponseFields {
  users: User[];
}

export interface RequestUser {
  clientUserId: string;
  email?: string;
  managedAppleId?: string;
}

/** Body of `POST /users/create`, `/users/update` and `/users/retire`. */
export interface ManageUsersRequest {
  users: RequestUser[];
}

const USER_FIXES = [
  ['clientUserId', ID],
  ['email', OPT],
  ['inviteCode', OPT],
  ['idHash', OPT],
  ['status', OPT],
  ['managedAppleId', OPT],
] as const;

const userRaw = z
  .object({
    clientUserId: idLike,
    email: str,
    inviteCode: str,
    idHash: str,
    status: str,
    managedAppleId: str,
  })
  .passthrough();

export const getUsersResponseSchema = z
  .object({
    ...pagedShape,
    users: z.array(userRaw).nullish(),
  })
  .passthrough()
  .transform(raw => fixPage<GetUsersResponse>(raw, 'users', USER_FIXES));
