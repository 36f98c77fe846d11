import { describe, expect, it } from 'vitest';
import { providerFee } from './wompi-fees.js';

describe('the provider fee', () => {
  const colombia = { basisPoints: 315, fixed: 83_300n };

  it('is the rate rounded half up plus the fixed part, in minor units', () => {
    // 3.15% of COP 50.000 is COP 1.575, plus COP 833.
    expect(providerFee(5_000_000n, colombia)).toBe(157_500n + 83_300n);
    // 3.15% of 1 minor unit is 0.0315: rounds to 0; of 159 it is 5.0085: rounds to 5.
    expect(providerFee(159n, { basisPoints: 315, fixed: 0n })).toBe(5n);
    expect(providerFee(1_587n, { basisPoints: 315, fixed: 0n })).toBe(50n);
  });

  it('never exceeds the amount it is taken from', () => {
    expect(providerFee(10_000n, colombia)).toBe(10_000n);
  });

  it('is exact for amounts far beyond a double', () => {
    expect(providerFee(10n ** 20n, { basisPoints: 1, fixed: 0n })).toBe(10n ** 16n);
  });
});
