import { z } from 'zod';
import {
  COMMON_FIXES,
  ERROR_FIXES,
  ID,
  NUM,
  OPT,
  Raw,
  commonShape,
  errorResponseRaw,
  fix,
  idLike,
  numLike,
  str,
} from './responseSchemaParts';
import type { CommonResponseFields, ErrorResponse } from './typesCommon';

/*
 * The event id answering every license and user change, and `GET /status` (see
 * `typesCommon.ts`).
 */

export interface EventResponse extends CommonResponseFields {
  eventId: string;
}

export type EventStatus = 'PENDING' | 'COMPLETE' | 'FAILED' | (string & {});
export type EventType =
  | 'ASSOCIATE'
  | 'DISASSOCIATE'
  | 'REVOKE'
  | 'CREATE'
  | 'UPDATE'
  | 'RETIRE'
  | (string & {});

export interface StatusResponse extends CommonResponseFields {
  eventStatus: EventStatus;
  eventType?: EventType;
  numRequested?: number;
  numCompleted?: number;
  failures?: ErrorResponse[];
}

export const eventResponseSchema = z
  .object({ ...commonShape, eventId: idLike })
  .passthrough()
  .transform(raw =>
    fix<EventResponse>(raw, [...COMMON_FIXES, ['eventId', ID]]),
  );

export const statusResponseSchema = z
  .object({
    ...commonShape,
    eventStatus: z.string(),
    eventType: str,
    numRequested: numLike.nullish(),
    numCompleted: numLike.nullish(),
    failures: z.array(errorResponseRaw).nullish(),
  })
  .passthrough()
  .transform(raw =>
    fix<StatusResponse>(raw, [
      ...COMMON_FIXES,
      ['eventType', OPT],
      ['numRequested', NUM],
      ['numCompleted', NUM],
      [
        'failures',
        v =>
          v === null || v === undefined
            ? undefined
            : (v as Raw[]).map(f => fix<ErrorResponse>(f, ERROR_FIXES)),
      ],
    ]),
  );
