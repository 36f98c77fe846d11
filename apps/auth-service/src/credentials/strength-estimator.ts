import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
  estimateStrength,
  type PasswordContext,
  warmUpStrengthEstimator,
} from './password-strength.js';

type Strength = ReturnType<typeof estimateStrength>;

/**
 * zxcvbn estimates in a worker thread, so a burst of registrations does not
 * stall every other request (and the mail worker) behind tens of milliseconds
 * of CPU each. When the compiled worker is not there (the service running
 * from its TypeScript sources, under the test runner) or the worker fails, it
 * estimates in this thread instead: the answer is the same, only slower for
 * everyone else.
 */
@Injectable()
export class StrengthEstimator implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(StrengthEstimator.name);
  private worker?: Worker;
  private readonly pending = new Map<
    number,
    { resolve: (strength: Strength) => void; reject: (error: Error) => void }
  >();
  private nextId = 0;

  onModuleInit(): void {
    const file = new URL('./password-strength.worker.js', import.meta.url);
    if (!existsSync(fileURLToPath(file))) {
      warmUpStrengthEstimator();
      return;
    }
    const worker = new Worker(file);
    worker.unref();
    worker.on(
      'message',
      ({ id, result, error }: { id: number; result?: Strength; error?: string }) => {
        const waiting = this.pending.get(id);
        this.pending.delete(id);
        if (error) waiting?.reject(new Error(error));
        else waiting?.resolve(result!);
      },
    );
    const fail = (error: unknown) => {
      if (this.worker !== worker) return;
      this.logger.error({ err: error }, 'strength worker stopped; estimating in this thread');
      this.worker = undefined;
      for (const waiting of this.pending.values()) waiting.reject(new Error('worker stopped'));
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`exited with ${code}`)));
    this.worker = worker;
  }

  async onApplicationShutdown(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  async estimate(password: string, context: PasswordContext): Promise<Strength> {
    const worker = this.worker;
    if (!worker) return estimateStrength(password, context);
    const id = this.nextId++;
    try {
      return await new Promise<Strength>((resolve, reject) => {
        this.pending.set(id, { resolve, reject });
        worker.postMessage({ id, password, context });
      });
    } catch {
      return estimateStrength(password, context);
    }
  }
}
