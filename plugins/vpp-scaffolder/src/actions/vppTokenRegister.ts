import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  callVpp,
  createVppClientFor,
  day,
  decodeTokenFile,
  describeTokenFile,
  normalizeGroupRef,
  summarize,
  tokenFileFingerprint,
  VppActionOptions,
} from './helpers';
import { examples } from './vppTokenRegister.examples';

/**
 * Placeholders a dry run of `vpp:token:register` outputs. The dry run only reads the
 * uploaded file locally; the token id, location and expiry come from Apple on a real run.
 *
 * @public
 */
export const REGISTER_DRY_RUN_OUTPUT = {
  tokenId: 'dry-run',
  entityRef: 'resource:default/vpp-token-dry-run',
  locationName: '(dry run: the location is read from Apple on a real run)',
  expiresAt: '(dry run: the expiry is read from Apple on a real run)',
} as const;

/**
 * `vpp:token:register`: registers an Apple Apps and Books content token (`.vpptoken`)
 * in the vpp backend, as the user who runs the template.
 *
 * Dry run: decodes and checks the uploaded file locally, sends nothing to the vpp
 * backend or Apple, and outputs {@link REGISTER_DRY_RUN_OUTPUT}.
 *
 * @public
 */
export function createVppTokenRegisterAction(options: VppActionOptions) {
  return createTemplateAction({
    id: 'vpp:token:register',
    description:
      'Registers an Apple Apps and Books content token (.vpptoken from Apple Business Manager or Apple School Manager) for a group. The vpp backend validates it with Apple and claims the location for this MDM. A dry run only checks that the file can be read.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        tokenFile: z =>
          z.string({
            description:
              'The .vpptoken file: the data URL a `ui:widget: file` field produces (data:<type>;name=<file name>;base64,<content>), or the file content itself. Secret: never logged or output.',
          }),
        owner: z =>
          z.string({
            description:
              'The group that owns the token and receives its renewal reminders, e.g. group:default/tokyo-it.',
          }),
        displayName: z =>
          z
            .string({
              description:
                'Name shown for the token. Defaults to the location name.',
            })
            .optional(),
        notes: z =>
          z
            .string({
              description:
                'Free text, e.g. the Apple Account used and the download date.',
            })
            .optional(),
        takeOver: z =>
          z
            .boolean({
              description:
                'Take the location over when another MDM product manages it. Without it the registration is refused.',
            })
            .optional(),
      },
      output: {
        tokenId: z => z.string({ description: 'Id of the registered token.' }),
        entityRef: z =>
          z.string({
            description:
              'Catalog entity ref of the token, e.g. resource:default/vpp-token-<id>.',
          }),
        locationName: z =>
          z.string({
            description: 'The Apple Business Manager location of the token.',
          }),
        expiresAt: z =>
          z.string({ description: 'When the token expires (ISO 8601).' }),
      },
    },
    async handler(ctx) {
      const file = decodeTokenFile(ctx.input.tokenFile);
      const owner = normalizeGroupRef(ctx.input.owner);
      const { displayName, notes, takeOver } = ctx.input;

      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: read ${describeTokenFile(
            file,
          )} for ${owner}. Nothing was sent to the vpp backend or Apple; a real run validates the token with Apple and registers it${
            takeOver ? ', taking the location over from another MDM' : ''
          }.`,
        );
        for (const [name, value] of Object.entries(REGISTER_DRY_RUN_OUTPUT)) {
          ctx.output(name as keyof typeof REGISTER_DRY_RUN_OUTPUT, value);
        }
        return;
      }

      ctx.logger.info(
        `Registering the content token in ${describeTokenFile(
          file,
        )} for ${owner}${takeOver ? ', taking the location over' : ''}`,
      );
      const client = createVppClientFor(
        await ctx.getInitiatorCredentials(),
        options,
      );
      const registered = await ctx.checkpoint({
        key: `vpp.token.register.${owner}.${tokenFileFingerprint(file)}`,
        fn: async () =>
          summarize(
            await callVpp(() =>
              client.registerToken({
                tokenFile: file.content,
                owner,
                displayName,
                notes,
                takeOver,
              }),
            ),
          ),
      });

      ctx.logger.info(
        `Registered "${registered.displayName}" for the location ${
          registered.locationName
        } (${registered.orgName}); it expires on ${day(registered.expiresAt)}.`,
      );
      ctx.output('tokenId', registered.tokenId);
      ctx.output('entityRef', registered.entityRef);
      ctx.output('locationName', registered.locationName);
      ctx.output('expiresAt', registered.expiresAt);
    },
  });
}
