import { describe, expect, it } from 'vitest';
import { normalizePassword, passwordProblems } from './password-policy.js';
import { contextWords } from './password-strength.js';

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

  it('estimates strength with Spanish and English dictionaries, beyond the common list', () => {
    for (const weak of ['contraseña123', 'mariposa2024', 'sunshine2024']) {
      expect(passwordProblems(weak), weak).toEqual([
        expect.stringMatching(/^is too easy to guess/),
      ]);
    }
  });

  it("uses the account's name and email as context", () => {
    const context = { name: 'Gabriela Mistral', email: 'gabriela.mistral@example.test' };
    for (const password of ['GabrielaMistral1945', 'gabriela.mistral']) {
      expect(passwordProblems(password)).toEqual([]);
      expect(passwordProblems(password, context)).toHaveLength(1);
    }
    expect(contextWords(context)).toEqual(
      expect.arrayContaining([
        'gabriela',
        'mistral',
        'gabriela.mistral@example.test',
        'gabrielamistral',
      ]),
    );
  });
});
