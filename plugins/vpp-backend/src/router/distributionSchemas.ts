import {
  VPP_DEVICE_SEARCH_FIELDS,
  VPP_DISTRIBUTION_ITEM_STATES,
  VPP_DISTRIBUTION_STATES,
} from '@internal/plugin-vpp-common';
import { z } from 'zod';
import { queryInteger } from './schemas';

/** Bodies and queries of `/distributions`. Shapes only; the service checks meaning. */

/** Most apps in one distribution, and devices listed by id. */
export const MAX_DISTRIBUTION_APPS = 50;
export const MAX_TARGET_DEVICE_IDS = 100_000;

const adamIdList = z
  .array(z.string({ invalid_type_error: 'adamIds must be App Store ids.' }), {
    required_error: 'adamIds is required: the App Store ids of the apps.',
    invalid_type_error: 'adamIds must be a list of App Store ids.',
  })
  .min(1, 'adamIds must name at least one app.')
  .max(
    MAX_DISTRIBUTION_APPS,
    `adamIds can name at most ${MAX_DISTRIBUTION_APPS} apps.`,
  )
  .superRefine((ids, ctx) => {
    const bad = ids.filter(id => !/^\d{1,32}$/.test(id));
    if (bad.length) {
      ctx.addIssue({
        code: 'custom',
        message: `adamIds must be App Store ids (digits only); these are not: ${bad
          .slice(0, 10)
          .map(id => JSON.stringify(id))
          .join(', ')}.`,
      });
    }
    if (new Set(ids).size !== ids.length) {
      ctx.addIssue({ code: 'custom', message: 'adamIds names an app twice.' });
    }
  });

const text = (name: string, max = 500) =>
  z
    .string({ invalid_type_error: `${name} must be text.` })
    .max(max, `${name} can be at most ${max} characters.`);

/** The same filters as `GET /devices` (JSON types), or listed device ids. */
const targets = z
  .object(
    {
      deviceIds: z
        .array(text('deviceIds', 64), {
          invalid_type_error: 'targets.deviceIds must be a list of device ids.',
        })
        .min(1, 'targets.deviceIds must name at least one device.')
        .max(
          MAX_TARGET_DEVICE_IDS,
          `targets.deviceIds can name at most ${MAX_TARGET_DEVICE_IDS} devices; use filters for more.`,
        )
        .optional(),
      q: text('targets.q').optional(),
      field: z
        .enum(VPP_DEVICE_SEARCH_FIELDS, {
          errorMap: () => ({
            message: `targets.field must be one of ${VPP_DEVICE_SEARCH_FIELDS.join(
              ', ',
            )}.`,
          }),
        })
        .optional(),
      value: text('targets.value').optional(),
      group: text('targets.group', 255).optional(),
      includeSubgroups: z
        .boolean({
          invalid_type_error: 'targets.includeSubgroups must be true or false.',
        })
        .optional(),
      enrolled: z
        .boolean({
          invalid_type_error: 'targets.enrolled must be true or false.',
        })
        .optional(),
      adamId: text('targets.adamId', 32).optional(),
      bundleId: text('targets.bundleId', 155).optional(),
      installState: z
        .enum(['any', 'no-inventory', 'not-installed', 'installed'], {
          errorMap: () => ({
            message:
              'targets.installState must be one of any, no-inventory, not-installed, installed.',
          }),
        })
        .optional(),
      version: text('targets.version', 64).optional(),
      inventoryBefore: z
        .string()
        .refine(
          v => !Number.isNaN(Date.parse(v)),
          'targets.inventoryBefore must be an ISO date.',
        )
        .optional(),
    },
    {
      required_error:
        'targets is required: { deviceIds: [...] } or the filters of GET /devices, e.g. { group: "tokyo-it", includeSubgroups: true }.',
      invalid_type_error: 'targets must be an object.',
    },
  )
  .strict()
  .superRefine((t, ctx) => {
    const filters = Object.keys(t).filter(k => k !== 'deviceIds');
    if (t.deviceIds && filters.length) {
      ctx.addIssue({
        code: 'custom',
        message: `targets: give deviceIds or filters, not both (found ${filters.join(
          ', ',
        )}).`,
      });
    }
    if ((t.field === undefined) !== (t.value === undefined)) {
      ctx.addIssue({
        code: 'custom',
        message: 'targets.field and targets.value go together.',
      });
    }
  });

/** Body of POST /distributions. */
export const createDistributionSchema = z
  .object({
    tokenId: z
      .string({
        required_error:
          'tokenId is required: the content token whose licenses to use.',
        invalid_type_error: 'tokenId must be text.',
      })
      .min(1, 'tokenId must not be empty.')
      .max(64, 'tokenId can be at most 64 characters.'),
    adamIds: adamIdList,
    platform: z.enum(['ios', 'macos'], {
      errorMap: () => ({ message: 'platform is required: ios or macos.' }),
    }),
    licenseMode: z.enum(['auto', 'manual'], {
      errorMap: () => ({ message: 'licenseMode is required: auto or manual.' }),
    }),
    targets,
    appConfigIds: z
      .record(z.string().regex(/^\d{1,32}$/), text('appConfigIds values', 64), {
        invalid_type_error:
          'appConfigIds must map App Store ids to app configuration ids, e.g. { "361309726": "…" }.',
      })
      .optional(),
    vpnConfigId: text('vpnConfigId', 64).optional(),
    removeWithMdmProfile: z
      .boolean({
        invalid_type_error: 'removeWithMdmProfile must be true or false.',
      })
      .optional(),
    preventBackup: z
      .boolean({ invalid_type_error: 'preventBackup must be true or false.' })
      .optional(),
    removable: z
      .boolean({ invalid_type_error: 'removable must be true or false.' })
      .optional(),
    scheduledAt: z
      .string({
        invalid_type_error: 'scheduledAt must be an ISO 8601 instant.',
      })
      .refine(
        v => /^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(Date.parse(v)),
        'scheduledAt must be an ISO 8601 instant with a time, e.g. 2026-12-24T09:00:00+09:00.',
      )
      .optional(),
    allowPartial: z
      .boolean({ invalid_type_error: 'allowPartial must be true or false.' })
      .optional(),
    dryRun: z
      .boolean({ invalid_type_error: 'dryRun must be true or false.' })
      .optional(),
  })
  .strict();

/** Query of GET /distributions. */
export const listDistributionsQuerySchema = z
  .object({
    tokenId: text('tokenId', 64).optional(),
    state: z
      .enum(VPP_DISTRIBUTION_STATES as [string, ...string[]], {
        errorMap: () => ({
          message: `state must be one of ${VPP_DISTRIBUTION_STATES.join(
            ', ',
          )}.`,
        }),
      })
      .optional(),
    createdBy: text('createdBy', 255).optional(),
    offset: queryInteger('offset', 0, 10_000_000).optional(),
    limit: queryInteger('limit', 1, 500).optional(),
  })
  .strict();

/** Query of GET /distributions/:id/items. */
export const listItemsQuerySchema = z
  .object({
    state: z
      .enum(VPP_DISTRIBUTION_ITEM_STATES as [string, ...string[]], {
        errorMap: () => ({
          message: `state must be one of ${VPP_DISTRIBUTION_ITEM_STATES.join(
            ', ',
          )}.`,
        }),
      })
      .optional(),
    offset: queryInteger('offset', 0, 10_000_000).optional(),
    limit: queryInteger('limit', 1, 1000).optional(),
  })
  .strict();
