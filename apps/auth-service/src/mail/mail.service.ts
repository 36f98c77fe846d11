import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import { createTransport, type Transporter } from 'nodemailer';
import { AUTH_CONFIG, type AuthConfig } from '../config/auth-config.js';
import type { MailMessage } from './mail-templates.js';

export const MAIL_QUEUE = 'auth-mail';
const ENQUEUE_TIMEOUT_MS = 2_000;

/** Retries with exponential backoff; jobs that keep failing stay in the failed (dead-letter) set. */
const JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: 1_000,
  removeOnFail: false,
} as const;

function connectionFor(url: string): ConnectionOptions {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 6379),
    username: parsed.username || undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    db: Number(parsed.pathname.slice(1) || 0),
    tls: parsed.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
  };
}

/**
 * Mail goes through a BullMQ queue in Redis; a worker in each instance sends it
 * over SMTP. A failed enqueue or send never fails the HTTP request.
 */
@Injectable()
export class MailService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(MailService.name);
  private queue?: Queue<MailMessage>;
  private worker?: Worker<MailMessage>;
  private transport?: Transporter;

  constructor(@Inject(AUTH_CONFIG) private readonly config: AuthConfig) {}

  onModuleInit(): void {
    const connection = connectionFor(this.config.REDIS_URL);
    this.transport = createTransport(this.config.SMTP_URL);
    this.queue = new Queue<MailMessage>(MAIL_QUEUE, { connection, defaultJobOptions: JOB_OPTIONS });
    this.queue.on('error', (error) => this.logger.warn({ err: error }, 'mail queue error'));
    this.worker = new Worker<MailMessage>(
      MAIL_QUEUE,
      async (job) => {
        await this.transport!.sendMail({ from: this.config.MAIL_FROM, ...job.data });
      },
      { connection, concurrency: 4 },
    );
    this.worker.on('error', (error) => this.logger.warn({ err: error }, 'mail worker error'));
    this.worker.on('failed', (job, error) =>
      this.logger.warn({ err: error, attempts: job?.attemptsMade }, 'mail send failed'),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    // Closing waits for Redis; when it is unreachable, give up after a moment.
    const closing = Promise.allSettled([this.worker?.close(true), this.queue?.close()]);
    await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
    this.transport?.close();
  }

  /** Jobs per state, for the metrics endpoint (empty when Redis does not answer in time). */
  async queueDepth(): Promise<Record<string, number>> {
    try {
      return await Promise.race([
        this.queue!.getJobCounts('waiting', 'delayed', 'active', 'failed'),
        new Promise<Record<string, number>>((resolve) =>
          setTimeout(() => resolve({}), ENQUEUE_TIMEOUT_MS).unref(),
        ),
      ]);
    } catch {
      return {};
    }
  }

  /** Queues a mail; errors are logged, not thrown. */
  async enqueue(message: MailMessage): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      // BullMQ waits for Redis to come back; the request does not.
      await Promise.race([
        this.queue!.add('send', message),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('mail queue timeout')), ENQUEUE_TIMEOUT_MS);
        }),
      ]);
    } catch (error) {
      this.logger.error({ err: error, subject: message.subject }, 'could not queue mail');
    } finally {
      clearTimeout(timer);
    }
  }
}
