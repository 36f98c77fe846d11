import { describe, expect, it } from 'vitest';
import { normalizePassword, passwordProblems } from './password-policy.js';

describe('password policy', () => {
  it('accepts a long uncommon password', () => {
    expect(passwordProblems('correct horse battery staple 42')).toEqual([]);
  });

  it('refuses short and overlong passwords, counting characters after normalization', () => {
    expect(passwordProblems('abc1234')).toHaveLength(1);
    expect(passwordProblems('x'.repeat(129))).toHaveLength(1);
    // Eight astral characters are eight characters, not sixteen UTF-16 units.
    expect(passwordProblems('😀😁😂🤣😃😄😅😆')).toEqual([]);
  });

  it('refuses common passwords whatever their case', () => {
    expect(passwordProblems('password')).toContain(
      'is too common; choose a less predictable password',
    );
    expect(passwordProblems('Baseball')).toHaveLength(1);
    expect(passwordProblems('qwertyuiop')).toHaveLength(1);
  });

  it('normalizes compatibility characters (NFKC)', () => {
    expect(normalizePassword('ｐａｓｓｗｏｒｄ')).toBe('password');
    expect(passwordProblems('ｐａｓｓｗｏｒｄ')).toHaveLength(1);
  });
});
