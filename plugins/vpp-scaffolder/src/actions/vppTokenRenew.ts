import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  callVpp,
  createVppClientFor,
  day,
  decodeTokenFile,
  describeTokenFile,
  parseTokenRef,
  summarize,
  tokenEntityRef,
  tokenFileFingerprint,
  VppActionOptions,
} from './helpers';
import { examples } from './vppTokenRenew.examples';

/**
 * `vpp:token:renew`: renews a registered content token with the newly downloaded
 * `.vpptoken` file, as the user who runs the template. Tokens that share licenses with
 * it are renewed by the vpp backend as well.
 *
 * Dry run: asks the vpp backend for a renewal preview (nothing changes), logs each of
 * the five renewal checks and fails with the messages of the failed ones.
 *
 * @public
 */
export function createVppTokenRenewAction(options: VppActionOptions) {
  return createTemplateAction({
    id: 'vpp:token:renew',
    description:
      'Renews an Apple Apps and Books content token with the newly downloaded .vpptoken file. The vpp backend checks that the token is registered, that the new file expires later, that no other MDM product or account manages the location and that the location still exists at Apple. A dry run shows these checks without changing anything.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        token: z =>
          z.string({
            description:
              'The token to renew: its catalog entity ref (resource:default/vpp-token-<id>, as EntityPicker sends it) or its id.',
          }),
        tokenFile: z =>
          z.string({
            description:
              'The new .vpptoken file: the data URL a `ui:widget: file` field produces (data:<type>;name=<file name>;base64,<content>), or the file content itself. Secret: never logged or output.',
          }),
        takeOver: z =>
          z
            .boolean({
              description:
                'Take the location over when another MDM product manages it. Without it the renewal is refused.',
            })
            .optional(),
      },
      output: {
        tokenId: z => z.string({ description: 'Id of the renewed token.' }),
        entityRef: z =>
          z.string({
            description:
              'Catalog entity ref of the token, e.g. resource:default/vpp-token-<id>.',
          }),
        locationName: z =>
          z.string({
            description: 'The Apple Business Manager location of the token.',
          }),
        expiresAt: z => z.string({ description: 'The new expiry (ISO 8601).' }),
        previousExpiresAt: z =>
          z.string({
            description: 'The expiry before the renewal (ISO 8601).',
          }),
      },
    },
    async handler(ctx) {
      const tokenId = parseTokenRef(ctx.input.token);
      const file = decodeTokenFile(ctx.input.tokenFile);
      const takeOver = ctx.input.takeOver === true;
      const client = createVppClientFor(
        await ctx.getInitiatorCredentials(),
        options,
      );

      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: checking the renewal of token ${tokenId} with ${describeTokenFile(
            file,
          )}; nothing is changed.`,
        );
        const preview = await callVpp(() =>
          client.previewRenewal(tokenId, { tokenFile: file.content }),
        );
        const name = preview.current?.displayName ?? tokenId;
        const excused = (id: string) => takeOver && id === 'not-other-mdm';
        for (const check of preview.checks) {
          if (check.passed) {
            ctx.logger.info(`Check passed (${check.id}): ${check.message}`);
          } else if (excused(check.id)) {
            ctx.logger.warn(
              `Check failed (${check.id}): ${
                check.message
              } The location will be taken over${
                preview.next?.claimedBy ? ` from ${preview.next.claimedBy}` : ''
              } because takeOver is set.`,
            );
          } else {
            ctx.logger.error(`Check failed (${check.id}): ${check.message}`);
          }
        }
        const blocking = preview.checks.filter(
          c => !c.passed && !excused(c.id),
        );
        if (blocking.length > 0) {
          throw new InputError(
            `"${name}" cannot be renewed with this file: ${blocking
              .map(c => c.message)
              .join(' ')}`,
          );
        }
        if (!preview.ok && !preview.checks.some(c => !c.passed)) {
          throw new InputError(
            `"${name}" cannot be renewed with this file; the vpp backend gave no reason. Try again or contact an administrator.`,
          );
        }
        const expiresAt = preview.next?.expiresAt ?? preview.current.expiresAt;
        ctx.logger.info(
          `Dry run: "${preview.current.displayName}" (${
            preview.next?.locationName ?? preview.current.locationName
          }) would be renewed from ${day(preview.current.expiresAt)} to ${day(
            expiresAt,
          )}.`,
        );
        ctx.output('tokenId', preview.current.id);
        ctx.output('entityRef', tokenEntityRef(preview.current.id));
        ctx.output(
          'locationName',
          preview.next?.locationName ?? preview.current.locationName,
        );
        ctx.output('expiresAt', expiresAt);
        ctx.output('previousExpiresAt', preview.current.expiresAt);
        return;
      }

      const renewed = await ctx.checkpoint({
        key: `vpp.token.renew.${tokenId}.${tokenFileFingerprint(file)}`,
        fn: async () => {
          const before = await callVpp(() => client.getToken(tokenId));
          ctx.logger.info(
            `Renewing "${before.displayName}" (location ${
              before.locationName
            }, expires ${day(before.expiresAt)}) with ${describeTokenFile(
              file,
            )}${takeOver ? ', taking the location over' : ''}`,
          );
          const after = await callVpp(() =>
            client.renewToken(tokenId, {
              tokenFile: file.content,
              takeOver: ctx.input.takeOver,
            }),
          );
          return { ...summarize(after), previousExpiresAt: before.expiresAt };
        },
      });

      ctx.logger.info(
        `Renewed "${renewed.displayName}" for the location ${
          renewed.locationName
        }: it now expires on ${day(renewed.expiresAt)} (was ${day(
          renewed.previousExpiresAt,
        )}).`,
      );
      ctx.output('tokenId', renewed.tokenId);
      ctx.output('entityRef', renewed.entityRef);
      ctx.output('locationName', renewed.locationName);
      ctx.output('expiresAt', renewed.expiresAt);
      ctx.output('previousExpiresAt', renewed.previousExpiresAt);
    },
  });
}
