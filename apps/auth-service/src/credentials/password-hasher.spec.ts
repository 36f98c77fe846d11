import { hash } from '@node-rs/argon2';
import { describe, expect, it } from 'vitest';
import { ARGON2_PARAMS, PasswordHasher } from './password-hasher.js';

describe('PasswordHasher', () => {
  it('hashes with argon2id at the OWASP parameters and verifies', async () => {
    const hasher = new PasswordHasher();
    await hasher.onModuleInit();
    const stored = await hasher.hash('a fine passphrase');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await hasher.verify(stored, 'a fine passphrase')).toBe(true);
    expect(await hasher.verify(stored, 'another passphrase')).toBe(false);
    expect(hasher.needsRehash(stored)).toBe(false);
  });

  it('counts one verification for a missing account, and never accepts it', async () => {
    const hasher = new PasswordHasher();
    await hasher.onModuleInit();
    const before = hasher.verifications;
    expect(await hasher.verify(null, 'whatever it is')).toBe(false);
    expect(hasher.verifications - before).toBe(1);
  });

  it('asks for a rehash of hashes made with older parameters', async () => {
    const hasher = new PasswordHasher();
    const old = await hash('a fine passphrase', {
      ...ARGON2_PARAMS,
      memoryCost: 4096,
      timeCost: 1,
    });
    expect(hasher.needsRehash(old)).toBe(true);
    expect(hasher.needsRehash('not-a-phc-string')).toBe(true);
  });
});
