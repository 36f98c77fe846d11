/** The provider's fee terms: a rate in basis points and a fixed part in minor units. */
export interface FeeTerms {
  basisPoints: number;
  fixed: bigint;
}

/**
 * The provider's fee on a captured amount, in minor units: the rate rounded
 * half up, plus the fixed part, never more than the amount itself.
 */
export function providerFee(amount: bigint, terms: FeeTerms): bigint {
  const proportional = (amount * BigInt(terms.basisPoints) + 5_000n) / 10_000n;
  const fee = proportional + terms.fixed;
  return fee > amount ? amount : fee;
}
