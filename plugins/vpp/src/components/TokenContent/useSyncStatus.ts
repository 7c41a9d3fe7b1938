import { useApi } from '@backstage/frontend-plugin-api';
import { VppSyncStatus } from '@internal/plugin-vpp-common';
import { useCallback, useEffect, useRef, useState } from 'react';
import { vppApiRef } from '../../api';

/** How often the sync status is fetched, in milliseconds. */
export interface SyncPollIntervals {
  /** While a sync runs: its end should show quickly. */
  running: number;
  /** Otherwise: so that a count change Apple reports shows without a reload. */
  idle: number;
}

export const DEFAULT_POLL_INTERVALS: SyncPollIntervals = {
  running: 2_000,
  idle: 15_000,
};

/**
 * The sync status of a token, kept current by polling (`GET /tokens/:id/sync` is cheap).
 * `apply` takes a status another call returned (start, confirm), so the page does not
 * wait for the next poll.
 */
export function useSyncStatus(
  tokenId: string,
  intervals: SyncPollIntervals = DEFAULT_POLL_INTERVALS,
) {
  const vppApi = useApi(vppApiRef);
  const [state, setState] = useState<{
    status?: VppSyncStatus;
    error?: unknown;
    loading: boolean;
  }>({ loading: true });
  // Every answer gets a number; an older answer that arrives late must not overwrite a
  // newer one (e.g. a poll that started before Sync was pressed).
  const sequence = useRef(0);

  const apply = useCallback((next: VppSyncStatus) => {
    sequence.current += 1;
    setState({ status: next, loading: false });
  }, []);

  const reload = useCallback(async () => {
    sequence.current += 1;
    const mine = sequence.current;
    let next: VppSyncStatus | undefined;
    let error: unknown;
    try {
      next = await vppApi.getSyncStatus(tokenId);
    } catch (e) {
      error = e ?? new Error('Unknown error');
    }
    if (mine !== sequence.current) {
      return;
    }
    setState(current => {
      if (error !== undefined) {
        return { ...current, error, loading: false };
      }
      // Most polls change nothing; keeping the old state spares a re-render.
      if (
        !current.loading &&
        current.error === undefined &&
        JSON.stringify(current.status) === JSON.stringify(next)
      ) {
        return current;
      }
      return { status: next, loading: false };
    });
  }, [vppApi, tokenId]);

  useEffect(() => {
    setState({ loading: true });
    reload();
  }, [reload]);

  const { status, error, loading } = state;
  const running = status?.running ?? false;
  useEffect(() => {
    const timer = setInterval(
      () => {
        // Nobody looks at a hidden tab; the next visible poll catches up.
        if (!running && document.visibilityState === 'hidden') {
          return;
        }
        reload();
      },
      running ? intervals.running : intervals.idle,
    );
    return () => clearInterval(timer);
  }, [reload, running, intervals.running, intervals.idle]);

  return { status, error, loading, reload, apply };
}
