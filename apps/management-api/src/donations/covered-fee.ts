import type { FeeTerms } from '../payments/wompi/wompi-fees.js';

/**
 * What to charge so that, after the provider takes its fee, the organization
 * receives the whole gift (Donorbox's and Fundraise Up's "cover the fees"):
 * `charge = (amount + fixed) / (1 - rate)`, rounded up to the minor unit so
 * the gift is never short. The fee the donor covers is the difference.
 */
export function chargeCoveringFees(amount: bigint, terms: FeeTerms): bigint {
  const keptPerTenThousand = 10_000n - BigInt(terms.basisPoints);
  const numerator = (amount + terms.fixed) * 10_000n;
  return (numerator + keptPerTenThousand - 1n) / keptPerTenThousand;
}
