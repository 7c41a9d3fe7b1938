import { TokenCipher } from './TokenCipher';

const secret = 'a-local-development-key-that-is-long-enough';

describe('TokenCipher', () => {
  it('round-trips and never stores the plaintext', () => {
    const cipher = TokenCipher.fromSecret(secret);
    const stored = cipher.encrypt('eyJ0b2tlbiI6InNlY3JldCJ9');
    expect(stored).toMatch(/^v1\./);
    expect(stored).not.toContain('eyJ0b2tlbiI6InNlY3JldCJ9');
    expect(cipher.decrypt(stored)).toBe('eyJ0b2tlbiI6InNlY3JldCJ9');
  });

  it('uses a fresh IV each time', () => {
    const cipher = TokenCipher.fromSecret(secret);
    expect(cipher.encrypt('x')).not.toBe(cipher.encrypt('x'));
  });

  it('refuses a tampered value or another key', () => {
    const stored = TokenCipher.fromSecret(secret).encrypt('file');
    const other = TokenCipher.fromSecret(`${secret}-other`);
    expect(() => other.decrypt(stored)).toThrow(/differs from the key/);
    const parts = stored.split('.');
    parts[3] = Buffer.from('forged').toString('base64url');
    expect(() =>
      TokenCipher.fromSecret(secret).decrypt(parts.join('.')),
    ).toThrow(/could not be decrypted/);
  });

  it('refuses a short key with a way to make a good one', () => {
    expect(() => TokenCipher.fromSecret('short')).toThrow(/openssl rand/);
  });
});
