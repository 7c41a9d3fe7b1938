import type { RequestSpec } from './requestTypes';
import {
  ClientConfigResponse,
  EventResponse,
  GetAssetsResponse,
  GetAssignmentsResponse,
  GetUsersResponse,
  StatusResponse,
  clientConfigResponseSchema,
  eventResponseSchema,
  getAssetsResponseSchema,
  getAssignmentsResponseSchema,
  getUsersResponseSchema,
  statusResponseSchema,
} from './types';

/** An authenticated endpoint: everything but the query or body of one call. */
type Endpoint<T> = Omit<RequestSpec<T>, 'query' | 'body'>;

function endpoint<T>(
  method: 'GET' | 'POST',
  path: string,
  schema: RequestSpec<T>['schema'],
  idempotent: boolean,
): Endpoint<T> {
  return { method, path, schema, idempotent, authenticated: true };
}

/**
 * Apple's authenticated v2 endpoints as `AppleVppClient` calls them (`GET /service/config` is
 * the request pipeline's own).
 *
 * `idempotent`: which requests are retried after a lost answer (network error / timeout):
 * - all GETs;
 * - `POST /assets/associate`: associating a pair that is already associated is a no-op at Apple
 *   (Fleet re-associates on every install), so a duplicate caused by a retry costs no license;
 *   the only effect is a second event id, of which we wait for the last one;
 * - `POST /client/config`: it sets the same values again (and Apple sends one more test
 *   notification).
 * Not retried after a lost answer, because a duplicate would produce misleading failures:
 * disassociate (the second run would fail for pairs the first removed), revoke, and users
 * create/update/retire (a second create fails with 9716). These throw an error with
 * `requestMayHaveBeenProcessed: true`; re-read state before repeating them.
 */
export const APPLE_ENDPOINTS = {
  getClientConfig: endpoint<ClientConfigResponse>(
    'GET',
    '/client/config',
    clientConfigResponseSchema,
    true,
  ),
  updateClientConfig: endpoint<ClientConfigResponse>(
    'POST',
    '/client/config',
    clientConfigResponseSchema,
    true,
  ),
  getAssets: endpoint<GetAssetsResponse>(
    'GET',
    '/assets',
    getAssetsResponseSchema,
    true,
  ),
  getAssignments: endpoint<GetAssignmentsResponse>(
    'GET',
    '/assignments',
    getAssignmentsResponseSchema,
    true,
  ),
  getUsers: endpoint<GetUsersResponse>(
    'GET',
    '/users',
    getUsersResponseSchema,
    true,
  ),
  associateAssets: endpoint<EventResponse>(
    'POST',
    '/assets/associate',
    eventResponseSchema,
    true,
  ),
  disassociateAssets: endpoint<EventResponse>(
    'POST',
    '/assets/disassociate',
    eventResponseSchema,
    false,
  ),
  revokeAssets: endpoint<EventResponse>(
    'POST',
    '/assets/revoke',
    eventResponseSchema,
    false,
  ),
  getEventStatus: endpoint<StatusResponse>(
    'GET',
    '/status',
    statusResponseSchema,
    true,
  ),
  createUsers: endpoint<EventResponse>(
    'POST',
    '/users/create',
    eventResponseSchema,
    false,
  ),
  updateUsers: endpoint<EventResponse>(
    'POST',
    '/users/update',
    eventResponseSchema,
    false,
  ),
  retireUsers: endpoint<EventResponse>(
    'POST',
    '/users/retire',
    eventResponseSchema,
    false,
  ),
};
