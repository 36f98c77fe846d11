import {
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import {
  AppError,
  AUTH_EVENTS_DEAD_LETTER_STREAM,
  AUTH_EVENTS_STREAM,
  type DomainEvent,
  fromStreamFields,
  MalformedEventError,
} from '@trivance/shared';
import { AuthClient } from '../auth-client/auth-client.js';
import { StreamConsumer } from '../common/streams/stream-consumer.js';
import { DonationClaims } from '../donations/donation-claims.system-path.js';
import { TicketClaims } from '../transfers/ticket-claims.system-path.js';
import { InjectConfig, type ManagementConfig } from '../config/config.module.js';
import { Metrics } from '../metrics/metrics.js';
import { AccountErasure } from '../privacy/account-erasure.system-path.js';
import { ViewerService } from '../viewer/viewer.service.js';
import { MemberProjection } from './member-projection.system-path.js';

export const CONSUMER_GROUP = 'management-api';
/** Deliveries after which an event that keeps failing goes to the dead-letter stream. */
export const MAX_DELIVERIES = 5;

/**
 * Consumes the Auth Service's domain events: each applied to the member
 * projection (idempotent by event id, in order by version), then the
 * viewer's cached account dropped.
 */
@Injectable()
export class AuthEventsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private consumer?: StreamConsumer<DomainEvent>;

  constructor(
    @InjectConfig() private readonly config: ManagementConfig,
    private readonly projection: MemberProjection,
    private readonly viewers: ViewerService,
    private readonly metrics: Metrics,
    private readonly claims: TicketClaims,
    private readonly donationClaims: DonationClaims,
    private readonly auth: AuthClient,
    private readonly erasure: AccountErasure,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.DOMAIN_EVENTS_CONSUMER) return;
    this.consumer = new StreamConsumer<DomainEvent>({
      redisUrl: this.config.REDIS_URL,
      stream: AUTH_EVENTS_STREAM,
      deadLetterStream: AUTH_EVENTS_DEAD_LETTER_STREAM,
      group: CONSUMER_GROUP,
      maxDeliveries: MAX_DELIVERIES,
      parse: fromStreamFields,
      isMalformed: (error) => error instanceof MalformedEventError,
      handle: async (event) => {
        const outcome = await this.projection.apply(event);
        // Whatever the projection says (a redelivery is 'duplicate'): the erasure is
        // idempotent, so an attempt that failed before is completed by the next.
        if (event.type === 'user.deleted') {
          await this.erasure.erase(event.payload.userId, event.id);
        }
        if (outcome === 'applied' && event.type !== 'user.registered') {
          await this.viewers.invalidate(event.payload.userId);
        }
        await this.claimGiven(event);
        return outcome;
      },
      onOutcome: (event, outcome) =>
        this.metrics.domainEvents.inc({ type: event?.type ?? 'unknown', outcome }),
    });
    this.consumer.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
  }

  /**
   * A verified email takes the tickets given to it and the gifts made as a
   * guest with it (idempotent, so redeliveries are harmless).
   */
  private async claimGiven(event: DomainEvent): Promise<void> {
    if (event.type === 'user.verified') {
      const account = await this.auth.getAccount(event.payload.userId).catch((error: unknown) => {
        // An account deleted since (or never known here) has nothing to claim.
        if (error instanceof AppError && error.code === 'NOT_FOUND') return null;
        throw error;
      });
      if (account?.emailVerified) await this.claim(account.id, account.email);
    } else if (event.type === 'user.updated' && event.payload.emailVerified) {
      await this.claim(event.payload.userId, event.payload.email);
    }
  }

  private async claim(userId: string, email: string): Promise<void> {
    await this.claims.claim(userId, email);
    await this.donationClaims.claim(userId, email);
  }
}
