import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { MailQueue } from '@trivance/shared';
import { AUTH_CONFIG, type AuthConfig } from '../config/auth-config.js';
import type { MailMessage } from './mail-templates.js';

export const MAIL_QUEUE = 'auth-mail';

/**
 * The Auth Service's mail, on the shared BullMQ mail queue (a worker in each
 * instance sends it over SMTP, with retries). A failed enqueue never fails
 * the HTTP request: it is logged.
 */
@Injectable()
export class MailService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(MailService.name);
  private readonly queue: MailQueue;

  constructor(@Inject(AUTH_CONFIG) config: AuthConfig) {
    this.queue = new MailQueue({
      name: MAIL_QUEUE,
      redisUrl: config.REDIS_URL,
      smtpUrl: config.SMTP_URL,
      from: config.MAIL_FROM,
    });
  }

  onModuleInit(): void {
    this.queue.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.stop();
  }

  /** Jobs per state, for the metrics endpoint (empty when Redis does not answer in time). */
  queueDepth(): Promise<Record<string, number>> {
    return this.queue.depth();
  }

  /** Queues a mail; errors are logged, not thrown. */
  async enqueue(message: MailMessage): Promise<void> {
    try {
      await this.queue.enqueue(message);
    } catch (error) {
      this.logger.error({ err: error, subject: message.subject }, 'could not queue mail');
    }
  }
}
