import {
  VPP_DEVICE_ATTRIBUTE_FIELDS,
  VPP_DEVICE_SEARCH_FIELDS,
  VPP_DEVICE_SORT_FIELDS,
} from '@internal/plugin-vpp-common';
import { z } from 'zod';
import {
  checkAttribute,
  DeviceAttributeField,
} from '../services/deviceAttributes';

const platform = z.enum(['ios', 'ipados', 'macos', 'tvos'], {
  errorMap: () => ({
    message: 'platform must be one of ios, ipados, macos, tvos.',
  }),
});

const booleanParam = (name: string) =>
  z
    .enum(['true', 'false'], {
      errorMap: () => ({ message: `${name} must be true or false.` }),
    })
    .transform(value => value === 'true');

const text = (name: string, max = 500) =>
  z
    .string({ invalid_type_error: `${name} must be given once, as text.` })
    .max(max, `${name} can be at most ${max} characters.`);

const intParam = (name: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `${name} must be a whole number.`)
    .transform(Number)
    .refine(
      n => n >= min && n <= max,
      `${name} must be between ${min} and ${max}.`,
    );

const deviceFilterShape = {
  q: text('q').optional(),
  field: z
    .enum(VPP_DEVICE_SEARCH_FIELDS, {
      errorMap: () => ({
        message: `field must be one of ${VPP_DEVICE_SEARCH_FIELDS.join(', ')}.`,
      }),
    })
    .optional(),
  value: text('value').optional(),
  group: text('group').optional(),
  includeSubgroups: booleanParam('includeSubgroups').optional(),
  platform: platform.optional(),
  enrolled: booleanParam('enrolled').optional(),
  adamId: z
    .string()
    .regex(/^\d{1,32}$/, 'adamId must be an App Store id (digits).')
    .optional(),
  bundleId: text('bundleId', 255).optional(),
  installState: z
    .enum(['any', 'no-inventory', 'not-installed', 'installed'], {
      errorMap: () => ({
        message:
          'installState must be one of any, no-inventory, not-installed, installed.',
      }),
    })
    .optional(),
  version: text('version', 64).optional(),
  inventoryBefore: z
    .string()
    .refine(
      value => !Number.isNaN(Date.parse(value)),
      'inventoryBefore must be an ISO date, e.g. 2026-12-01 or 2026-12-01T09:00:00Z.',
    )
    .optional(),
  sort: z
    .enum(VPP_DEVICE_SORT_FIELDS, {
      errorMap: () => ({
        message: `sort must be one of ${VPP_DEVICE_SORT_FIELDS.join(', ')}.`,
      }),
    })
    .optional(),
  order: z
    .enum(['asc', 'desc'], {
      errorMap: () => ({ message: 'order must be asc or desc.' }),
    })
    .optional(),
};

function checkFilterPairs(
  query: {
    field?: string;
    value?: string;
    adamId?: string;
    bundleId?: string;
    installState?: string;
    version?: string;
    inventoryBefore?: string;
  },
  ctx: z.RefinementCtx,
) {
  if ((query.field === undefined) !== (query.value === undefined)) {
    ctx.addIssue({
      code: 'custom',
      message: 'field and value go together: field=serialNumber&value=C02….',
    });
  }
  if (query.adamId && query.bundleId) {
    ctx.addIssue({
      code: 'custom',
      message: 'Give the app as adamId or as bundleId, not both.',
    });
  }
  if (
    !query.adamId &&
    !query.bundleId &&
    (query.installState || query.version || query.inventoryBefore)
  ) {
    ctx.addIssue({
      code: 'custom',
      message:
        'installState, version and inventoryBefore need an app: adamId or bundleId.',
    });
  }
}

/** Query of `GET /devices`. */
export const listDevicesQuerySchema = z
  .object({
    ...deviceFilterShape,
    offset: intParam('offset', 0, 10_000_000).optional(),
    limit: intParam('limit', 1, 500).optional(),
  })
  .strict()
  .superRefine(checkFilterPairs);

/** Query of `GET /devices/export.csv`: the same filters, no paging. */
export const exportDevicesQuerySchema = z
  .object(deviceFilterShape)
  .strict()
  .superRefine(checkFilterPairs);

/** Query of `GET /apps/:adamId/install-status`. */
export const installStatusQuerySchema = z
  .object({
    platform: platform.optional(),
    group: text('group').optional(),
    includeSubgroups: booleanParam('includeSubgroups').optional(),
  })
  .strict();

/** An attribute as `PATCH` takes it: the same check as the CSV import. */
const attribute = (field: DeviceAttributeField) =>
  z.unknown().transform((value, ctx) => {
    const checked = checkAttribute(field, value);
    if ('error' in checked) {
      ctx.addIssue({ code: 'custom', message: checked.error });
      return z.NEVER;
    }
    return checked.value;
  });

/** Body of `PATCH /devices/:id`. */
export const patchDeviceSchema = z
  .object({
    ...(Object.fromEntries(
      VPP_DEVICE_ATTRIBUTE_FIELDS.map(f => [f, attribute(f).optional()]),
    ) as Record<
      DeviceAttributeField,
      z.ZodOptional<z.ZodEffects<z.ZodUnknown, string | null, unknown>>
    >),
    group: text('group', 255)
      .min(1, 'group cannot be empty; give a group ref.')
      .optional(),
  })
  .strict();

/** Body of `POST /devices/inventory`. */
export const inventoryRequestSchema = z
  .object({
    deviceIds: z
      .array(z.string({ invalid_type_error: 'deviceIds holds device ids.' }), {
        required_error: 'deviceIds is required: the ids of the devices to ask.',
        invalid_type_error: 'deviceIds must be a list of device ids.',
      })
      .min(1, 'deviceIds is empty; name at least one device.')
      .max(100_000, 'deviceIds can name at most 100,000 devices at once.'),
  })
  .strict();

/** JSON body of `POST /devices/import`. */
export const importRequestSchema = z
  .object({
    csv: z.string({
      required_error:
        'csv is required: the CSV text, with a header row naming the columns.',
      invalid_type_error: 'csv must be the CSV text.',
    }),
    dryRun: z
      .boolean({ invalid_type_error: 'dryRun must be true or false.' })
      .optional(),
  })
  .strict();
