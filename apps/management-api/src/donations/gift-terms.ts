import { AppError } from '@trivance/shared';
import { sameCurrency } from '../common/money.js';
import type { Campaign, Organization } from '../generated/prisma/client.js';
import type { PaymentProvider } from '../generated/prisma/enums.js';
import { PAYMENT_PROVIDER_UNAVAILABLE } from '../orders/order-reasons.js';
import type { FeeTerms } from '../payments/wompi/wompi-fees.js';
import { chargeCoveringFees } from './covered-fee.js';
import { AMOUNT_TOO_SMALL, CAMPAIGN_CLOSED } from './donation-reasons.js';
import type { DonateInput } from './dto/donation.inputs.js';

/** What one gift will be: checked against its campaign, priced, and how it is paid. */
export interface GiftTerms {
  provider: PaymentProvider;
  amount: bigint;
  fee: bigint;
  total: bigint;
  currency: string;
}

/** Currencies Wompi charges in (Colombia). */
const WOMPI_CURRENCIES = ['COP'];

export function assertTakesGifts(campaign: Campaign, now: Date): void {
  const open =
    campaign.status === 'PUBLISHED' &&
    (!campaign.startsAt || campaign.startsAt <= now) &&
    (!campaign.endsAt || campaign.endsAt > now);
  if (!open) {
    throw new AppError('CONFLICT', 'This campaign is not taking gifts', {
      reason: CAMPAIGN_CLOSED,
    });
  }
}

const unavailable = (message: string) =>
  new AppError('BAD_USER_INPUT', message, { reason: PAYMENT_PROVIDER_UNAVAILABLE });

/**
 * The gift as the campaign takes it: open, in its currency, at least its
 * smallest gift; paid through the provider asked for (Wompi by default; a
 * guest only through its hosted checkout; manual where the organization takes
 * it); with the provider's fee added when the donor covers it.
 */
export function giftTerms(
  input: DonateInput,
  campaign: Campaign,
  organization: Organization,
  guest: boolean,
  fees: FeeTerms,
  now: Date,
): GiftTerms {
  assertTakesGifts(campaign, now);
  sameCurrency(campaign.currency, input.amount.currency, 'amount');
  const amount = BigInt(input.amount.amount);
  if (amount < campaign.minimumAmount) {
    throw new AppError('CONFLICT', `The smallest gift is ${campaign.minimumAmount}`, {
      reason: AMOUNT_TOO_SMALL,
    });
  }
  const provider = input.paymentProvider ?? 'WOMPI';
  if (guest && (provider !== 'WOMPI' || input.frequency !== 'ONE_TIME')) {
    throw new AppError(
      'BAD_USER_INPUT',
      'Without an account, a gift is one-time and paid through the hosted checkout',
      { errors: { frequency: ['must be ONE_TIME'], paymentProvider: ['must be WOMPI'] } },
    );
  }
  if (provider === 'MANUAL' && !organization.acceptsManualPayments) {
    throw unavailable('This organization does not take manual payments');
  }
  if (provider === 'MANUAL' && input.frequency === 'MONTHLY') {
    throw unavailable('A monthly gift is charged to a card through Wompi');
  }
  if (provider === 'WOMPI' && !WOMPI_CURRENCIES.includes(campaign.currency)) {
    throw unavailable(`Wompi does not charge in ${campaign.currency}`);
  }
  if (input.frequency === 'MONTHLY' && !input.paymentSource) {
    throw new AppError('BAD_USER_INPUT', 'A monthly gift needs the card to charge', {
      errors: { paymentSource: ['is required for MONTHLY'] },
    });
  }
  const total = provider === 'WOMPI' && input.coverFees ? chargeCoveringFees(amount, fees) : amount;
  return { provider, amount, fee: total - amount, total, currency: campaign.currency };
}
