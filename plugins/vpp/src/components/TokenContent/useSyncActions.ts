import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import { VppSyncStatus } from '@internal/plugin-vpp-common';
import { AlertColor } from '@mui/material/Alert';
import { useEffect, useRef, useState } from 'react';
import { vppApiRef } from '../../api';
import { vppTranslationRef } from '../../translation';
import { errorMessage } from '../shared/errors';
import { useSyncStatus } from './useSyncStatus';

/** A message above the content: a sync started, finished, or could not start. */
export interface SyncNotice {
  severity: AlertColor;
  text: string;
}

/** True when the last failure is newer than the last success. */
function failedLast(status: VppSyncStatus): boolean {
  if (!status.lastError) {
    return false;
  }
  if (!status.lastSyncAt || !status.lastErrorAt) {
    return true;
  }
  return Date.parse(status.lastErrorAt) >= Date.parse(status.lastSyncAt);
}

/**
 * Sync and Confirm of a token's content, and what follows from the sync status:
 * `contentVersion` changes when a sync finished (ours, the scheduled one, or one started
 * elsewhere changes `lastSyncAt`), so the list is read again; the end of a sync we
 * watched is announced in `notice`.
 */
export function useSyncActions(
  tokenId: string,
  sync: ReturnType<typeof useSyncStatus>,
) {
  const vppApi = useApi(vppApiRef);
  const { t } = useTranslationRef(vppTranslationRef);
  const { status } = sync;
  const [contentVersion, setContentVersion] = useState(0);
  const [notice, setNotice] = useState<SyncNotice>();
  const [starting, setStarting] = useState(false);
  const [confirming, setConfirming] = useState(false);

  const previous = useRef<VppSyncStatus>();
  useEffect(() => {
    const before = previous.current;
    previous.current = status;
    if (!status || !before || before === status) {
      return;
    }
    if (before.lastSyncAt !== status.lastSyncAt) {
      setContentVersion(v => v + 1);
    }
    if (!before.outOfDate && status.outOfDate) {
      // "Sync finished … up to date" next to "may be out of date" would contradict it.
      setNotice(current =>
        current?.severity === 'error' ? current : undefined,
      );
    }
    if (before.running && !status.running) {
      // A failure is shown by the "last sync failed" alert; no second message.
      setNotice(
        failedLast(status)
          ? undefined
          : {
              severity: 'success',
              text: t('content.syncFinished', {
                assets: status.assetCount.toLocaleString(),
                assignments: status.assignmentCount.toLocaleString(),
              }),
            },
      );
    }
  }, [status, t]);

  const startSync = async () => {
    setStarting(true);
    setNotice(undefined);
    try {
      const response = await vppApi.startSync(tokenId);
      sync.apply(response.status);
      setNotice({ severity: 'info', text: response.message });
    } catch (e) {
      setNotice({
        severity: 'error',
        text: t('content.syncError', { message: errorMessage(e) }),
      });
    } finally {
      setStarting(false);
    }
  };

  const confirm = async () => {
    setConfirming(true);
    try {
      sync.apply(await vppApi.confirmContent(tokenId));
    } catch (e) {
      setNotice({
        severity: 'error',
        text: t('content.confirmError', { message: errorMessage(e) }),
      });
    } finally {
      setConfirming(false);
    }
  };

  return {
    contentVersion,
    notice,
    dismissNotice: () => setNotice(undefined),
    starting,
    confirming,
    startSync,
    confirm,
  };
}
