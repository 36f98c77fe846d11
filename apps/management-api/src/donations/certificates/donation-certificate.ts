/**
 * What a yearly donation certificate says, built from the donor's own gifts
 * to one organization (pure: the repository reads, the PDF renders).
 */

/** Organizations have no time zone of their own yet: a tax year is Colombia's. */
export const CERTIFICATE_TIME_ZONE = 'America/Bogota';

/** Certificates cover years from this one on. */
export const FIRST_CERTIFICATE_YEAR = 2000;

export interface CertificateIssuer {
  name: string;
  legalName: string | null;
  taxId: string | null;
}

/** A gift as the certificate reads it (minor units). */
export interface CertificateGift {
  amount: bigint;
  refundedAmount: bigint;
  currency: string;
  receiptNumber: number | null;
  succeededAt: Date;
  campaignTitle: string;
  donorName: string;
  donorEmail: string;
  donorTaxId: string | null;
}

export interface CertificateLine {
  succeededAt: Date;
  campaignTitle: string;
  receiptNumber: number | null;
  /** The gift less what of it went back (minor units). */
  net: bigint;
  currency: string;
}

export interface DonationCertificate {
  year: number;
  organization: CertificateIssuer;
  donor: { name: string; email: string; taxId: string | null };
  lines: CertificateLine[];
  /** One total per currency, in the order the currencies first appear. */
  totals: { currency: string; amount: bigint }[];
  issuedAt: Date;
}

/**
 * The part of a gift that stayed given. A refund returns the gift first and
 * then the fee the donor covered (donation-settlement.ts), so the gift lost
 * at most what was refunded, and never more than itself.
 */
export function netOfRefunds(gift: Pick<CertificateGift, 'amount' | 'refundedAmount'>): bigint {
  const returned = gift.refundedAmount < gift.amount ? gift.refundedAmount : gift.amount;
  return gift.amount - returned;
}

/**
 * The certificate for these gifts (the donor's succeeded gifts of the year,
 * oldest first), or null when nothing of them stayed given. The donor's name
 * and email are those of the latest gift; the tax id the latest one given.
 */
export function certificateOf(
  year: number,
  organization: CertificateIssuer,
  gifts: CertificateGift[],
  issuedAt = new Date(),
): DonationCertificate | null {
  const kept = gifts
    .map((gift) => ({ gift, net: netOfRefunds(gift) }))
    .filter(({ net }) => net > 0n)
    .sort(
      (a, b) =>
        a.gift.succeededAt.getTime() - b.gift.succeededAt.getTime() ||
        (a.gift.receiptNumber ?? 0) - (b.gift.receiptNumber ?? 0),
    );
  if (kept.length === 0) return null;
  const latest = kept[kept.length - 1]!.gift;
  const taxId =
    [...kept].reverse().find(({ gift }) => gift.donorTaxId?.trim())?.gift.donorTaxId ?? null;
  const totals = new Map<string, bigint>();
  for (const { gift, net } of kept) {
    totals.set(gift.currency, (totals.get(gift.currency) ?? 0n) + net);
  }
  return {
    year,
    organization,
    donor: { name: latest.donorName, email: latest.donorEmail, taxId },
    lines: kept.map(({ gift, net }) => ({
      succeededAt: gift.succeededAt,
      campaignTitle: gift.campaignTitle,
      receiptNumber: gift.receiptNumber,
      net,
      currency: gift.currency,
    })),
    totals: [...totals].map(([currency, amount]) => ({ currency, amount })),
    issuedAt,
  };
}

/** The year as it is now in the certificates' time zone. */
export function currentYear(now = new Date(), timeZone = CERTIFICATE_TIME_ZONE): number {
  return Number(new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric' }).format(now));
}

/** How far a time zone is ahead of UTC at an instant, in milliseconds. */
function zoneOffset(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((candidate) => candidate.type === type)!.value);
  const local = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
    part('second'),
  );
  return local - Math.floor(instant.getTime() / 1000) * 1000;
}

/** When a year starts and ends (exclusive) in a time zone. */
export function yearWindow(
  year: number,
  timeZone = CERTIFICATE_TIME_ZONE,
): { from: Date; to: Date } {
  const start = (y: number) => {
    const utcMidnight = Date.UTC(y, 0, 1);
    return new Date(utcMidnight - zoneOffset(new Date(utcMidnight), timeZone));
  };
  return { from: start(year), to: start(year + 1) };
}
