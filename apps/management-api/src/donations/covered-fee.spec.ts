import { describe, expect, it } from 'vitest';
import { providerFee } from '../payments/wompi/wompi-fees.js';
import { chargeCoveringFees } from './covered-fee.js';

const wompi = { basisPoints: 315, fixed: 83_300n };

describe('chargeCoveringFees', () => {
  it('is (amount + fixed) / (1 - rate), rounded up', () => {
    // 50.000 COP: (5_000_000 + 83_300) / 0.9685 = 5_248_631.9… → 5_248_632
    expect(chargeCoveringFees(5_000_000n, wompi)).toBe(5_248_632n);
    expect(chargeCoveringFees(1_000n, { basisPoints: 0, fixed: 0n })).toBe(1_000n);
    expect(chargeCoveringFees(1_000n, { basisPoints: 5000, fixed: 0n })).toBe(2_000n);
  });

  it('leaves the whole gift after the provider takes its fee, within one minor unit', () => {
    for (const amount of [100_000n, 1_234_567n, 5_000_000n, 99_999_999n]) {
      const charge = chargeCoveringFees(amount, wompi);
      const kept = charge - providerFee(charge, wompi);
      expect(kept).toBeGreaterThanOrEqual(amount - 1n);
      expect(kept).toBeLessThanOrEqual(amount + 1n);
    }
  });
});
