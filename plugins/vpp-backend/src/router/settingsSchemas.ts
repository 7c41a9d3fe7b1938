import { z } from 'zod';
import { queryInteger } from './schemas';

/**
 * Bodies and queries of the named settings (`/app-configs`, `/vpn-configs`) and the
 * license ledger (`/licenses`). Shapes only: what a property list may hold is checked by
 * the settings service, which names the key path of each bad value.
 */

const name = z
  .string({
    required_error: 'name is required: what people choose the setting by.',
    invalid_type_error: 'name must be text.',
  })
  .trim()
  .min(1, 'name must not be empty.')
  .max(200, 'name can be at most 200 characters.');
const description = z
  .string({ invalid_type_error: 'description must be text.' })
  .max(4000, 'description can be at most 4000 characters.');
const adamId = z
  .string({
    invalid_type_error: 'adamId must be text, e.g. "361309726".',
  })
  .regex(
    /^\d{1,32}$/,
    'adamId must be the digits of an App Store id, e.g. 361309726.',
  );
const bundleId = z
  .string({ invalid_type_error: 'bundleId must be text.' })
  .max(155, 'bundleId can be at most 155 characters.')
  .regex(
    /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/,
    'bundleId must be a bundle identifier such as com.example.notes (letters, digits, hyphens and dots).',
  );

/** Body of POST /app-configs and PUT /app-configs/:id. */
export const appConfigSchema = z
  .object({
    name,
    adamId: adamId.optional(),
    bundleId: bundleId.optional(),
    values: z
      .unknown()
      .refine(v => v !== undefined, 'values must not be undefined.')
      .optional(),
    plist: z
      .string({
        invalid_type_error:
          'plist must be the XML text of a property list whose root is a dictionary.',
      })
      .max(192 * 1024, 'plist can be at most 192 KiB.')
      .optional(),
    description: description.optional(),
  })
  .strict();

const UUID =
  /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;
const platform = z.enum(['ios', 'macos'], {
  errorMap: () => ({ message: 'platforms may contain ios and macos.' }),
});

/** Body of POST /vpn-configs and PUT /vpn-configs/:id. */
export const vpnConfigSchema = z
  .object({
    name,
    vpnUuid: z
      .string({
        required_error:
          'vpnUuid is required: the VPNUUID of the VPN payload installed on the devices.',
        invalid_type_error: 'vpnUuid must be text.',
      })
      .trim()
      .regex(
        UUID,
        'vpnUuid must be a UUID such as 5A7C1A0E-33B4-4F39-9E0C-0D1B8C1F2A11 (the VPNUUID of the VPN payload).',
      ),
    platforms: z
      .array(platform, {
        required_error: 'platforms is required: ["ios"], ["macos"] or both.',
        invalid_type_error: 'platforms must be a list, e.g. ["ios"].',
      })
      .min(1, 'platforms must name at least one platform: ios or macos.'),
    description: description.optional(),
  })
  .strict();

const q = z.string().max(200, 'q can be at most 200 characters.');
const offset = queryInteger('offset', 0, 1_000_000);
const limit = queryInteger('limit', 1, 500);

/** Query of GET /app-configs. */
export const listAppConfigsQuerySchema = z
  .object({
    adamId: adamId.optional(),
    bundleId: bundleId.optional(),
    q: q.optional(),
    offset: offset.optional(),
    limit: limit.optional(),
  })
  .strict();

/** Query of GET /vpn-configs. */
export const listVpnConfigsQuerySchema = z
  .object({
    platform: z
      .enum(['ios', 'macos'], {
        errorMap: () => ({ message: 'platform must be ios or macos.' }),
      })
      .optional(),
    q: q.optional(),
    offset: offset.optional(),
    limit: limit.optional(),
  })
  .strict();

/** Most apps and serial numbers in one assign or revoke request. */
export const MAX_LICENSE_APPS = 100;
export const MAX_LICENSE_SERIALS = 10_000;

const tokenId = z
  .string({
    required_error:
      'tokenId is required: the content token whose licenses to use.',
    invalid_type_error: 'tokenId must be text.',
  })
  .min(1, 'tokenId must not be empty.')
  .max(64, 'tokenId can be at most 64 characters.');
const serial = z
  .string({ invalid_type_error: 'serials must be a list of serial numbers.' })
  .trim();

/** Body of POST /licenses/assign and POST /licenses/revoke. */
export const licenseChangeSchema = z
  .object({
    tokenId,
    adamIds: z
      .array(
        z.string({
          invalid_type_error: 'adamIds must be a list of App Store ids.',
        }),
        {
          required_error: 'adamIds is required: the App Store ids of the apps.',
          invalid_type_error: 'adamIds must be a list of App Store ids.',
        },
      )
      .min(1, 'adamIds must name at least one app.')
      .max(
        MAX_LICENSE_APPS,
        `adamIds can name at most ${MAX_LICENSE_APPS} apps.`,
      )
      .superRefine((ids, ctx) => {
        const bad = ids.filter(id => !/^\d{1,32}$/.test(id));
        if (bad.length > 0) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            message: `adamIds must be App Store ids (digits only); these are not: ${bad
              .slice(0, 10)
              .map(id => JSON.stringify(id))
              .join(', ')}.`,
          });
        }
      })
      .transform(ids => [...new Set(ids)]),
    serials: z
      .array(serial, {
        required_error:
          'serials is required: the serial numbers of the devices.',
        invalid_type_error: 'serials must be a list of serial numbers.',
      })
      .min(1, 'serials must name at least one serial number.')
      .max(
        MAX_LICENSE_SERIALS,
        `serials can name at most ${MAX_LICENSE_SERIALS} serial numbers per request.`,
      )
      .superRefine((serials, ctx) => {
        const bad = serials.filter(s => !/^[A-Za-z0-9]{1,64}$/.test(s));
        if (bad.length > 0) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            message: `serials must be device serial numbers (letters and digits); ${
              bad.length === 1 ? 'this is' : `these ${bad.length} are`
            } not: ${bad
              .slice(0, 10)
              .map(s => JSON.stringify(s))
              .join(', ')}${bad.length > 10 ? ', …' : ''}.`,
          });
        }
      })
      .transform(serials => [...new Set(serials)]),
    dryRun: z
      .boolean({ invalid_type_error: 'dryRun must be true or false.' })
      .optional(),
  })
  .strict();

/** Query of GET /licenses. */
export const listLicensesQuerySchema = z
  .object({
    tokenId: tokenId.optional(),
    adamId: adamId.optional(),
    serialNumber: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9]{1,64}$/, 'serialNumber must be letters and digits.')
      .optional(),
    mode: z
      .enum(['auto', 'manual', 'pre-existing'], {
        errorMap: () => ({
          message: 'mode must be one of auto, manual, pre-existing.',
        }),
      })
      .optional(),
    offset: offset.optional(),
    limit: limit.optional(),
  })
  .strict();

/** Query of GET /licenses/orphans. */
export const licenseOrphansQuerySchema = z
  .object({
    tokenId: z.string({
      required_error:
        'tokenId is required: the content token whose licenses to compare with Apple.',
    }),
  })
  .strict();
