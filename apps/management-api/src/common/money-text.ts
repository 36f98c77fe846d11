/**
 * ISO 4217 minor units of the currencies that do not have 2. Money is stored
 * in these units (DOMAIN.md: COP and USD have 2). The runtime's own currency
 * data is no guide: CLDR shows COP without decimals, but 2500000 is still
 * 25.000 pesos.
 */
const MINOR_DIGITS: Record<string, number> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
};

export const minorDigits = (currency: string): number => MINOR_DIGITS[currency] ?? 2;

/** An amount in minor units as a plain decimal string, exactly: 2500000 COP is `25000.00`. */
export function decimalAmount(minor: string | bigint, currency: string): string {
  const digits = minorDigits(currency);
  const value = BigInt(minor);
  const magnitude = value < 0n ? -value : value;
  const unit = 10n ** BigInt(digits);
  const decimal =
    digits === 0
      ? magnitude.toString()
      : `${magnitude / unit}.${(magnitude % unit).toString().padStart(digits, '0')}`;
  return `${value < 0n ? '-' : ''}${decimal}`;
}

/**
 * An amount in minor units as money in a language (Spanish, Colombia, unless
 * told): `$ 25.000` for 2500000 COP, `$ 25.000,50` for 2500050; in `en-US`,
 * `COP 25,000`. The digits are always the currency's ISO 4217 minor units,
 * whatever the locale. Exact for any amount (a decimal string is formatted as
 * it is, never through a float).
 */
export function formatMoney(minor: string | bigint, currency: string, locale = 'es-CO'): string {
  const digits = minorDigits(currency);
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    trailingZeroDisplay: 'stripIfInteger',
  }).format(decimalAmount(minor, currency) as Intl.StringNumericLiteral);
}
