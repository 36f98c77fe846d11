import {
  Controller,
  HttpCode,
  Logger,
  Param,
  Post,
  type RawBodyRequest,
  Req,
} from '@nestjs/common';
import { AppError } from '@trivance/shared';
import type { FastifyRequest } from 'fastify';
import { Public } from '../../auth/access.decorators.js';
import { PaymentMerchants } from '../merchants/payment-merchants.system-path.js';
import type { WompiMerchant } from '../merchants/wompi-merchant.js';
import {
  eventBodyHash,
  eventTimestampAcceptable,
  verifyEventSignature,
  wompiEventSchema,
} from '../wompi/wompi-contract.js';
import { PaymentInbox } from './payment-inbox.system-path.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const RECEIVED = { received: true } as const;

/**
 * Wompi's events (DOMAIN.md, "Payments"): to the platform's merchant, or to
 * one organization's own. A bad or missing signature is 401, a body that is
 * not an event 400; everything verified is answered 200 once it is stored,
 * booked or not (duplicates, stale timestamps, unknown references are
 * logged), so the provider stops retrying what we already hold.
 */
@Controller('api/payments/webhooks/wompi')
@Public()
export class WompiWebhooksController {
  private readonly logger = new Logger('WompiWebhooks');

  constructor(
    private readonly merchants: PaymentMerchants,
    private readonly inbox: PaymentInbox,
  ) {}

  @Post()
  @HttpCode(200)
  platform(@Req() request: RawBodyRequest<FastifyRequest>) {
    return this.receive(request, this.merchants.platform());
  }

  @Post(':organizationId')
  @HttpCode(200)
  async organization(
    @Req() request: RawBodyRequest<FastifyRequest>,
    @Param('organizationId') organizationId: string,
  ) {
    const merchant = UUID.test(organizationId)
      ? await this.merchants.ownOf(organizationId.toLowerCase())
      : null;
    // An organization we do not know, or one without its own merchant: nothing to verify with.
    if (!merchant) throw new AppError('UNAUTHENTICATED', 'Unknown merchant');
    return this.receive(request, merchant);
  }

  private async receive(request: RawBodyRequest<FastifyRequest>, merchant: WompiMerchant) {
    const parsed = wompiEventSchema.safeParse(request.body);
    if (!request.rawBody || !parsed.success) {
      throw new AppError('VALIDATION_FAILED', 'The body is not a Wompi event', {
        errors: Object.fromEntries(
          (parsed.error?.issues ?? []).map((issue) => [issue.path.join('.'), [issue.message]]),
        ),
      });
    }
    const event = parsed.data;
    if (verifyEventSignature(event, merchant.eventsSecret) !== 'VALID') {
      throw new AppError('UNAUTHENTICATED', 'Bad event signature');
    }
    const { transaction } = event.data;
    if (event.event !== 'transaction.updated') {
      this.logger.log({ event: event.event, transactionId: transaction.id }, 'event ignored');
      return RECEIVED;
    }
    const stale = !eventTimestampAcceptable(event.timestamp, new Date());
    const stored = await this.inbox.store({
      source: 'WEBHOOK',
      merchantOrganizationId: merchant.ownedBy,
      bodyHash: eventBodyHash(request.rawBody),
      body: event,
      transaction,
      eventTimestamp: new Date(event.timestamp * 1000),
      stale,
    });
    if (stale) {
      this.logger.warn(
        { eventId: stored.id, transactionId: transaction.id, timestamp: event.timestamp },
        'stale provider event kept, not booked',
      );
      return RECEIVED;
    }
    try {
      await this.inbox.process(stored.id);
    } catch (error) {
      // Stored is accepted: the left-over pass settles it, and the provider's retry finds it stored.
      this.logger.error(
        { err: error, eventId: stored.id },
        'provider event stored, processing failed',
      );
    }
    return RECEIVED;
  }
}
