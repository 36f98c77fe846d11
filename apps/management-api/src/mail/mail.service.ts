import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { type MailMessage, MailQueue } from '@trivance/shared';
import { InjectConfig, type ManagementConfig } from '../config/config.module.js';

export const MAIL_QUEUE = 'management-mail';

/** The Management API's mail queue (BullMQ in Redis, sent over SMTP with retries). */
@Injectable()
export class MailService implements OnModuleInit, OnApplicationShutdown {
  private readonly queue: MailQueue;

  constructor(@InjectConfig() config: ManagementConfig) {
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

  /** Queues a mail; with a job id (no colons: BullMQ's rule), the same mail queued twice goes out once. */
  send(message: MailMessage, jobId?: string): Promise<void> {
    return this.queue.enqueue(message, jobId);
  }

  depth(): Promise<Record<string, number>> {
    return this.queue.depth();
  }
}
