import {
  createCipheriv,
  createDecipheriv,
  randomBytes,
  scryptSync,
} from 'node:crypto';

const VERSION = 'v1';

/**
 * Encrypts token files at rest with AES-256-GCM. The key is derived from the configured
 * `vpp.encryptionKey` with scrypt, so any long random string works as configuration.
 * Output: `v1.<iv>.<tag>.<ciphertext>`, each part base64url.
 */
export class TokenCipher {
  readonly #key: Buffer;

  static fromSecret(secret: string): TokenCipher {
    if (secret.length < 32) {
      throw new Error(
        'vpp.encryptionKey must be at least 32 characters; generate one with `openssl rand -base64 48`',
      );
    }
    return new TokenCipher(scryptSync(secret, 'vpp-backend/token-file', 32));
  }

  private constructor(key: Buffer) {
    this.#key = key;
  }

  encrypt(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    const data = Buffer.concat([
      cipher.update(plaintext, 'utf8'),
      cipher.final(),
    ]);
    return [VERSION, iv, cipher.getAuthTag(), data]
      .map(p => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  decrypt(stored: string): string {
    const [version, iv, tag, data] = stored.split('.');
    if (version !== VERSION || !iv || !tag || data === undefined) {
      throw new Error('Stored token is not in a format this version can read');
    }
    const decipher = createDecipheriv(
      'aes-256-gcm',
      this.#key,
      Buffer.from(iv, 'base64url'),
    );
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    try {
      return Buffer.concat([
        decipher.update(Buffer.from(data, 'base64url')),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new Error(
        'A stored token could not be decrypted: vpp.encryptionKey differs from the key it was stored with',
      );
    }
  }
}
