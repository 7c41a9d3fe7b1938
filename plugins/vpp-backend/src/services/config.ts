import { RootConfigService } from '@backstage/backend-plugin-api';
import { createHash } from 'node:crypto';
import { version } from '../../package.json';
import { MdmIdentity } from './AppleTokenGateway';
import { APPLE_VPP_BASE_URL } from './health';

export interface VppConfig {
  appleBaseUrl: string;
  encryptionKey: string;
  warningDays: number;
  mdmIdentity: MdmIdentity;
}

/** Reads and checks the `vpp.*` configuration; see config.d.ts for every key. */
export function readVppConfig(config: RootConfigService): VppConfig {
  const encryptionKey = config.getOptionalString('vpp.encryptionKey');
  if (!encryptionKey) {
    throw new Error(
      'vpp.encryptionKey is not set. Content token files are stored encrypted with it; set it to a long random secret (e.g. `openssl rand -base64 48`, via the VPP_ENCRYPTION_KEY environment variable in production) and keep it: tokens stored with one key cannot be read with another.',
    );
  }
  const warningDays = config.getOptionalNumber('vpp.tokens.warningDays') ?? 30;
  if (!Number.isInteger(warningDays) || warningDays < 0) {
    throw new Error(
      'vpp.tokens.warningDays must be a whole number of days, 0 or more',
    );
  }
  const baseUrl =
    config.getOptionalString('backend.baseUrl') ?? 'http://localhost:7007';
  return {
    appleBaseUrl:
      config.getOptionalString('vpp.apple.baseUrl') ?? APPLE_VPP_BASE_URL,
    encryptionKey,
    warningDays,
    mdmIdentity: {
      // Stable per installation unless configured: derived from the backend's public URL.
      id:
        config.getOptionalString('vpp.mdm.id') ??
        createHash('sha256').update(baseUrl).digest('hex').slice(0, 32),
      name: config.getOptionalString('vpp.mdm.name') ?? 'VPP for Backstage',
      metadata: `vpp-backend ${version}`,
    },
  };
}
