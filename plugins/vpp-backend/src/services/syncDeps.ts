import { LoggerService } from '@backstage/backend-plugin-api';
import { AppleVppClient, ITunesLookupClient } from '../apple';
import { ContentStore } from '../database/ContentStore';
import { TokenRecord, TokenStore } from '../database/TokenStore';
import { MdmIdentity } from './AppleTokenGateway';
import { VppSyncConfig } from './config';
import { AppleClientRunOptions } from './tokenSources';

/** The subset of the iTunes lookup the sync needs. */
export type AppMetadataLookup = Pick<ITunesLookupClient, 'lookup'>;

/** What the parts of the content sync share; `SyncService` builds it once. */
export interface SyncDeps {
  tokens: TokenStore;
  content: ContentStore;
  config: VppSyncConfig;
  lookup: AppMetadataLookup;
  mdmIdentity: MdmIdentity;
  warningDays: number;
  logger: LoggerService;
  now: () => Date;
  /** This instance, as the holder of sync leases. */
  instanceId: string;
  appleClient(
    source: TokenRecord,
    run?: AppleClientRunOptions,
  ): Promise<AppleVppClient>;
  /** Records Apple's verdict on a source token, telling listeners of a change; the token re-read. */
  setAppleState(
    source: TokenRecord,
    appleState: TokenRecord['appleState'],
    reason?: string,
  ): Promise<TokenRecord>;
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
