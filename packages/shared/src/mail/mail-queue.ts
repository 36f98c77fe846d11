import { Logger } from '@nestjs/common';
import { type ConnectionOptions, Queue, Worker } from 'bullmq';
import { createTransport, type Transporter } from 'nodemailer';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  attachments?: {
    filename: string;
    content: string;
    encoding: 'base64';
    cid?: string;
    contentType?: string;
  }[];
}

export interface MailQueueOptions {
  /** The queue's name in Redis (one per service). */
  name: string;
  redisUrl: string;
  smtpUrl: string;
  from: string;
}

const ENQUEUE_TIMEOUT_MS = 2_000;

/** Retries with exponential backoff; jobs that keep failing stay in the failed (dead-letter) set. */
const JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
  removeOnFail: false,
} as const;

export function bullConnection(url: string): ConnectionOptions {
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
 * Mail through a BullMQ queue in Redis; a worker in each instance sends it
 * over SMTP, retrying with backoff. A job id makes a mail idempotent (the
 * same confirmation queued twice is sent once while its job is kept).
 */
export class MailQueue {
  private readonly logger: Logger;
  private queue?: Queue<MailMessage>;
  private worker?: Worker<MailMessage>;
  private transport?: Transporter;

  constructor(private readonly options: MailQueueOptions) {
    this.logger = new Logger(`MailQueue ${options.name}`);
  }

  start(): void {
    const connection = bullConnection(this.options.redisUrl);
    this.transport = createTransport(this.options.smtpUrl);
    this.queue = new Queue<MailMessage>(this.options.name, {
      connection,
      defaultJobOptions: JOB_OPTIONS,
    });
    this.queue.on('error', (error) => this.logger.warn({ err: error }, 'mail queue error'));
    this.worker = new Worker<MailMessage>(
      this.options.name,
      async (job) => {
        await this.transport!.sendMail({ from: this.options.from, ...job.data });
      },
      { connection, concurrency: 4 },
    );
    this.worker.on('error', (error) => this.logger.warn({ err: error }, 'mail worker error'));
    this.worker.on('failed', (job, error) =>
      this.logger.warn({ err: error, attempts: job?.attemptsMade }, 'mail send failed'),
    );
  }

  async stop(): Promise<void> {
    // Closing waits for Redis; when it is unreachable, give up after a moment.
    const closing = Promise.allSettled([this.worker?.close(), this.queue?.close()]);
    await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
    this.transport?.close();
  }

  /** Jobs per state, for metrics (empty when Redis does not answer in time). */
  async depth(): Promise<Record<string, number>> {
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

  /** Queues a mail; throws when Redis does not take it in time (callers decide what that means). */
  async enqueue(message: MailMessage, jobId?: string): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      // BullMQ waits for Redis to come back; the caller does not.
      await Promise.race([
        this.queue!.add('send', message, jobId ? { jobId } : {}),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('mail queue timeout')), ENQUEUE_TIMEOUT_MS);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }
}
