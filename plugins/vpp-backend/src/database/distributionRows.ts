import { toDate, toOptionalDate } from './dates';
import {
  AppleCallRecord,
  DistributionItemRecord,
  DistributionRecord,
  ItemPatch,
} from './DistributionStore';

/** Rows of the distribution tables and the records they hold. */

export const ITEMS = 'vpp_distribution_items';

/** Rows per statement: far below both databases' limits on bound values. */
export const CHUNK = 500;

export type DateValue = Date | string | number;
export type Row = Record<string, any>;

export function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size)
    out.push(items.slice(i, i + size));
  return out;
}

export function toDistribution(row: Row): DistributionRecord {
  return {
    id: row.id,
    tokenId: row.token_id,
    sourceTokenId: row.source_token_id,
    adamIds: JSON.parse(row.adam_ids),
    platform: row.platform,
    licenseMode: row.license_mode,
    options: JSON.parse(row.options),
    plan: JSON.parse(row.plan),
    state: row.state,
    createdBy: row.created_by,
    createdAt: toDate(row.created_at),
    scheduledAt: toOptionalDate(row.scheduled_at),
    startedAt: toOptionalDate(row.started_at),
    finishedAt: toOptionalDate(row.finished_at),
    updatedAt: toDate(row.updated_at),
  };
}

export function toItem(row: Row): DistributionItemRecord {
  return {
    id: Number(row.id),
    distributionId: row.distribution_id,
    deviceId: row.device_id,
    enrollmentId: row.enrollment_id,
    serialNumber: row.serial_number,
    devicePlatform: row.device_platform,
    osVersion: row.os_version ?? null,
    adamId: row.adam_id,
    state: row.state,
    preLicensed: Boolean(row.pre_licensed),
    version: row.version ?? null,
    errorNumber: row.error_number ?? null,
    explanation: row.explanation ? JSON.parse(row.explanation) : null,
    appleCallId: row.apple_call_id ?? null,
    commandId: row.command_id ?? null,
    deviceCommandId: row.device_command_id ?? null,
    installAttempts: Number(row.install_attempts ?? 0),
    verifyAt: row.verify_at ? toDate(row.verify_at as DateValue) : null,
    updatedAt: toDate(row.updated_at),
  };
}

export function toCall(row: Row): AppleCallRecord {
  return {
    id: row.id,
    distributionId: row.distribution_id,
    sourceTokenId: row.source_token_id,
    request: JSON.parse(row.request),
    state: row.state,
    eventId: row.event_id ?? null,
    nextPollAt: row.next_poll_at ? toDate(row.next_poll_at) : null,
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
  };
}

export function itemPatchRow(patch: ItemPatch): Row {
  const row: Row = {};
  if (patch.state !== undefined) row.state = patch.state;
  if (patch.version !== undefined) row.version = patch.version;
  if (patch.errorNumber !== undefined) row.error_number = patch.errorNumber;
  if (patch.explanation !== undefined) {
    row.explanation = patch.explanation
      ? JSON.stringify(patch.explanation)
      : null;
  }
  if (patch.appleCallId !== undefined) row.apple_call_id = patch.appleCallId;
  if (patch.commandId !== undefined) row.command_id = patch.commandId;
  if (patch.deviceCommandId !== undefined) {
    row.device_command_id = patch.deviceCommandId;
  }
  if (patch.installAttempts !== undefined) {
    row.install_attempts = patch.installAttempts;
  }
  if (patch.verifyAt !== undefined) row.verify_at = patch.verifyAt;
  if (patch.preLicensed !== undefined) row.pre_licensed = patch.preLicensed;
  return row;
}
