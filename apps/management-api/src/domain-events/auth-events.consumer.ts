import {
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import {
  AUTH_EVENTS_DEAD_LETTER_STREAM,
  AUTH_EVENTS_STREAM,
  type DomainEvent,
  fromStreamFields,
  MalformedEventError,
} from '@trivance/shared';
import { StreamConsumer } from '../common/streams/stream-consumer.js';
import { InjectConfig, type ManagementConfig } from '../config/config.module.js';
import { Metrics } from '../metrics/metrics.js';
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
        if (outcome === 'applied' && event.type !== 'user.registered') {
          await this.viewers.invalidate(event.payload.userId);
        }
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
}
