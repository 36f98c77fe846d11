import { Injectable, Logger } from '@nestjs/common';
import {
  AUTH_EVENTS_DEAD_LETTER_STREAM,
  fromStreamFields,
  MalformedEventError,
} from '@trivance/shared';
import type { Redis } from 'ioredis';
import { InjectRedis } from '../redis/redis.module.js';
import { MemberProjection } from './member-projection.system-path.js';

export interface DeadLetterOutcome {
  entryId: string;
  eventId?: string;
  outcome: 'applied' | 'duplicate' | 'stale' | 'superseded' | 'kept';
  error?: string;
}

/**
 * Settles events parked in the dead-letter stream once their cause is gone:
 * each is applied again through the projection (in order, so one older than
 * the current state is skipped); one that can never apply (malformed) is
 * settled only when a complete resync has since written the truth it was
 * about. What still fails stays, with its error, for an operator.
 */
@Injectable()
export class DeadLetters {
  private readonly logger = new Logger(DeadLetters.name);

  constructor(
    @InjectRedis() private readonly redis: Redis,
    private readonly projection: MemberProjection,
  ) {}

  async settle(options: { resyncedEverything: boolean }): Promise<DeadLetterOutcome[]> {
    const entries = (await this.redis.xrange(AUTH_EVENTS_DEAD_LETTER_STREAM, '-', '+')) as [
      string,
      string[],
    ][];
    const outcomes: DeadLetterOutcome[] = [];
    for (const [entryId, fields] of entries) {
      const outcome = await this.settleOne(entryId, fields, options.resyncedEverything);
      if (outcome.outcome !== 'kept') {
        await this.redis.xdel(AUTH_EVENTS_DEAD_LETTER_STREAM, entryId);
      }
      this.logger.log(outcome, 'dead letter');
      outcomes.push(outcome);
    }
    return outcomes;
  }

  private async settleOne(
    entryId: string,
    fields: string[],
    resyncedEverything: boolean,
  ): Promise<DeadLetterOutcome> {
    try {
      const event = fromStreamFields(fields);
      return { entryId, eventId: event.id, outcome: await this.projection.apply(event) };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof MalformedEventError && resyncedEverything) {
        return { entryId, outcome: 'superseded', error: message };
      }
      return { entryId, outcome: 'kept', error: message };
    }
  }
}
