import { claimant } from './AppleTokenGateway';
import {
  describeAppleFailure,
  tokenStateFromAppleError,
} from './appleFailures';
import { RunBudget } from './contentSyncRun';
import { errorText, SyncDeps } from './syncDeps';

/**
 * The daily status refresh: asks Apple about every source token, so revocation and
 * claims by another MDM show before an install fails, and notices count changes
 * (the assets `versionId` moved) even where Apple cannot reach our notification URL.
 */
export async function refreshTokenStatuses(
  deps: SyncDeps,
  options: Pick<RunBudget, 'signal' | 'deadline'>,
): Promise<void> {
  const { deadline } = options;
  const sources = (await deps.tokens.listTokens()).filter(t => !t.sharesFrom);
  const states = await deps.content.getStates(sources.map(s => s.id));
  for (const source of sources) {
    if (options.signal?.aborted) {
      break;
    }
    if (source.expiresAt <= deps.now() || source.appleState === 'revoked') {
      // Neither recovers without a new token file.
      continue;
    }
    try {
      const client = await deps.appleClient(source, { retryUntil: deadline });
      const config = await client.getClientConfig({
        signal: options.signal,
      });
      const holder = claimant(
        { mdmInfo: config.mdmInfo ?? undefined },
        deps.mdmIdentity,
      );
      if (holder && !holder.ours) {
        await deps.setAppleState(source, 'claimed-elsewhere', holder.name);
        continue;
      }
      if (source.appleState !== 'ok') {
        await deps.setAppleState(source, 'ok');
      }
      const state = states.get(source.id);
      if (state?.assetsVersionId) {
        const page = await client.getAssets(
          { pageIndex: 0 },
          { signal: options.signal },
        );
        if (page.versionId && page.versionId !== state.assetsVersionId) {
          await deps.content.markCountsChanged([source.id], deps.now());
        }
      }
    } catch (error) {
      const appleState = tokenStateFromAppleError(error);
      if (appleState) {
        await deps.setAppleState(
          source,
          appleState,
          describeAppleFailure(error),
        );
      } else {
        deps.logger.warn(
          `Status refresh of content token ${
            source.id
          } failed; trying again next run: ${errorText(error)}`,
        );
      }
    }
  }
}
