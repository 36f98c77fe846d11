import { Global, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { requestContext } from '@trivance/shared';

/**
 * Work a request starts but does not wait for, so that its answer and timing
 * do not depend on the outcome (e.g. whether an email has an account). It runs
 * outside the request's context: nothing it does is part of the answer. Errors
 * are logged; shutdown waits for what is still running.
 */
@Injectable()
export class BackgroundTasks implements OnApplicationShutdown {
  private readonly logger = new Logger(BackgroundTasks.name);
  private readonly pending = new Set<Promise<void>>();

  run(name: string, task: () => Promise<void>): void {
    const promise = requestContext
      .detached(() => Promise.resolve().then(task))
      .catch((error: unknown) => this.logger.error({ err: error, task: name }, 'task failed'))
      .finally(() => this.pending.delete(promise));
    this.pending.add(promise);
  }

  /** Resolves when everything started so far has finished. */
  async drain(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.drain();
  }
}

@Global()
@Module({ providers: [BackgroundTasks], exports: [BackgroundTasks] })
export class BackgroundTasksModule {}
