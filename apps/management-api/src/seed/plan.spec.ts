import { describe, expect, it } from 'vitest';
import { memberRows, planSeed } from './plan.js';
import { Random, uuidv7 } from './random.js';

describe('planSeed', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = planSeed({ organizations: 20, users: 5000, seed: 'x' });
    const b = planSeed({ organizations: 20, users: 5000, seed: 'x' });
    const c = planSeed({ organizations: 20, users: 5000, seed: 'y' });
    expect(b).toEqual(a);
    expect(c.organizations[0]!.id).not.toBe(a.organizations[0]!.id);
    expect([...memberRows('x', a.organizations[0]!)]).toEqual([
      ...memberRows('x', b.organizations[0]!),
    ]);
  });

  it('shares out exactly the requested members, the first organization the largest', () => {
    const plan = planSeed({
      organizations: 100,
      users: 1_000_000,
      largestOrganization: 100_000,
      seed: 's',
    });
    expect(plan.totalMembers).toBe(1_000_000);
    expect(plan.organizations[0]!.members).toBe(100_000);
    expect(Math.max(...plan.organizations.map((o) => o.members))).toBe(100_000);
    expect(new Set(plan.organizations.map((o) => o.slug)).size).toBe(100);
    const unevenly = planSeed({ organizations: 7, users: 1234, seed: 's' });
    expect(unevenly.organizations.reduce((sum, o) => sum + o.members, 0)).toBe(1234);
  });

  it('rejects a largest organization smaller than the others must be', () => {
    expect(() =>
      planSeed({ organizations: 2, users: 100, largestOrganization: 10, seed: 's' }),
    ).toThrow(/too small/);
  });

  it('writes valid, unique rows with the intended role and verification mix', () => {
    const plan = planSeed({ organizations: 1, users: 20_000, seed: 'mix' });
    const lines = [...memberRows('mix', plan.organizations[0]!)].join('').trimEnd().split('\n');
    expect(lines).toHaveLength(20_000);
    const rows = lines.map((line) => line.split('\t'));
    expect(new Set(rows.map((r) => r[0])).size).toBe(20_000);
    expect(new Set(rows.map((r) => r[2])).size).toBe(20_000);
    expect(new Set(rows.map((r) => r[3])).size).toBe(20_000);
    for (const r of rows.slice(0, 500)) {
      expect(r).toHaveLength(9);
      expect(r[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(r[2]).toMatch(/^[0-9a-f]{24}$/);
      expect(r[3]).toMatch(/^[a-z]+\.[a-z]+\d+@example\.(com|org|net)$/);
      expect(Date.parse(r[8]!)).toBeGreaterThanOrEqual(Date.parse(r[7]!));
    }
    expect(rows[0]![5]).toBe('ADMIN');
    const share = (f: (r: string[]) => boolean) => rows.filter(f).length / rows.length;
    expect(share((r) => r[5] === 'ADMIN')).toBeCloseTo(0.01, 2);
    expect(share((r) => r[5] === 'MODERATOR')).toBeCloseTo(0.04, 1);
    expect(share((r) => r[6] === 't')).toBeGreaterThan(0.83);
    expect(share((r) => r[6] === 't')).toBeLessThan(0.88);
  });
});

describe('uuidv7', () => {
  it('orders by time', () => {
    const random = new Random('t');
    expect(uuidv7(1_700_000_000_000, random) < uuidv7(1_700_000_000_001, random)).toBe(true);
  });
});
