import { InputError } from '@backstage/errors';
import { z } from 'zod';

const tokenFile = z.string({
  required_error:
    'tokenFile is required: the content of the .vpptoken file downloaded from Apple Business Manager.',
  invalid_type_error:
    'tokenFile must be the text content of the .vpptoken file.',
});
const owner = z.string({
  required_error:
    'owner is required: a catalog group such as group:default/tokyo-it.',
  invalid_type_error:
    'owner must be a group reference such as group:default/tokyo-it.',
});
const displayName = z
  .string()
  .max(200, 'displayName can be at most 200 characters.');
const notes = z.string().max(4000, 'notes can be at most 4000 characters.');
const takeOver = z.boolean({
  invalid_type_error: 'takeOver must be true or false.',
});

export const registerTokenSchema = z
  .object({
    tokenFile,
    owner,
    displayName: displayName.optional(),
    notes: notes.optional(),
    takeOver: takeOver.optional(),
  })
  .strict();

export const tokenFileSchema = z
  .object({ tokenFile, takeOver: takeOver.optional() })
  .strict();

export const renewTokenSchema = tokenFileSchema;

export const updateTokenSchema = z
  .object({
    displayName: displayName.optional(),
    notes: notes.optional(),
    owner: owner.optional(),
  })
  .strict();

export const shareTokenSchema = z
  .object({
    owner,
    displayName: displayName.optional(),
    notes: notes.optional(),
  })
  .strict();

export const queryInteger = (name: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `${name} must be a whole number.`)
    .transform(Number)
    .refine(n => n >= min && n <= max, {
      message: `${name} must be between ${min} and ${max}.`,
    });

/** Query of GET /tokens/:id/assets (query strings arrive as text). */
export const listAssetsQuerySchema = z
  .object({
    productType: z
      .enum(['App', 'Book'], {
        errorMap: () => ({ message: 'productType must be App or Book.' }),
      })
      .optional(),
    platform: z
      .enum(['iOS', 'macOS', 'tvOS', 'watchOS', 'visionOS'], {
        errorMap: () => ({
          message:
            'platform must be one of iOS, macOS, tvOS, watchOS, visionOS.',
        }),
      })
      .optional(),
    q: z.string().max(200, 'q can be at most 200 characters.').optional(),
    offset: queryInteger('offset', 0, 1_000_000).optional(),
    limit: queryInteger('limit', 1, 500).optional(),
  })
  .strict();

/** Body of POST /tokens/registrable-owners: the groups the portal offers. */
export const registrableOwnersSchema = z
  .object({
    owners: z
      .array(z.string().max(300, 'Each owner can be at most 300 characters.'), {
        required_error:
          'owners is required: the group refs to check, e.g. ["group:default/tokyo-it"].',
        invalid_type_error: 'owners must be a list of group refs.',
      })
      .max(1000, 'At most 1000 owners can be checked at once.'),
  })
  .strict();

/** Most e-mail addresses one token's reminders go to. */
export const MAX_REMINDER_EMAILS = 20;

const emailAddress = z.string().trim().email().max(254);

/**
 * Body of PUT /tokens/:id/notifications (R-TOK-6). Addresses are trimmed, every invalid
 * one is named in a single message, and repeats (ignoring case) are dropped, keeping the
 * first spelling.
 */
export const reminderSettingsSchema = z
  .object({
    enabled: z.boolean({
      required_error:
        'enabled is required: true to send renewal reminders for this token, false to send none.',
      invalid_type_error: 'enabled must be true or false.',
    }),
    emails: z
      .array(
        z.string({
          invalid_type_error: 'emails must be a list of e-mail addresses.',
        }),
        {
          required_error:
            'emails is required: the e-mail addresses that get renewal reminders (may be empty).',
          invalid_type_error: 'emails must be a list of e-mail addresses.',
        },
      )
      .transform((emails, ctx) => {
        const invalid = emails.filter(e => !emailAddress.safeParse(e).success);
        if (invalid.length > 0) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            message: `${
              invalid.length === 1
                ? 'This is not a valid e-mail address'
                : 'These are not valid e-mail addresses'
            }: ${invalid.map(e => JSON.stringify(e)).join(', ')}.`,
          });
          return z.NEVER;
        }
        const seen = new Set<string>();
        const unique = emails
          .map(e => e.trim())
          .filter(e => {
            const folded = e.toLowerCase();
            return seen.has(folded) ? false : Boolean(seen.add(folded));
          });
        if (unique.length > MAX_REMINDER_EMAILS) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            message: `At most ${MAX_REMINDER_EMAILS} e-mail addresses per token; got ${unique.length}. A mailing list address reaches more people.`,
          });
          return z.NEVER;
        }
        return unique;
      }),
  })
  .strict();

/** Validates a JSON body, turning every problem into one sentence per field. */
export function parseBody<T extends z.ZodTypeAny>(
  schema: T,
  body: unknown,
): z.infer<T> {
  const result = schema.safeParse(body ?? {});
  if (!result.success) {
    const problems = result.error.issues.map(issue =>
      issue.code === 'unrecognized_keys'
        ? `Unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(
            ', ',
          )}.`
        : issue.message,
    );
    throw new InputError(problems.join(' '));
  }
  return result.data;
}
