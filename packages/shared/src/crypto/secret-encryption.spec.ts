import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptWithKek, encryptWithKek } from './secret-encryption.js';

describe('key encryption', () => {
  const kek = randomBytes(32);

  it('round-trips and never stores the plaintext', () => {
    const sealed = encryptWithKek(kek, '{"d":"secret"}', 'kid-1');
    expect(sealed).not.toContain('secret');
    expect(decryptWithKek(kek, sealed, 'kid-1')).toBe('{"d":"secret"}');
  });

  it('fails with another key or another key id', () => {
    const sealed = encryptWithKek(kek, 'x', 'kid-1');
    expect(() => decryptWithKek(randomBytes(32), sealed, 'kid-1')).toThrow();
    expect(() => decryptWithKek(kek, sealed, 'kid-2')).toThrow();
  });
});
