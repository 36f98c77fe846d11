import type { Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';

export interface BackgroundLoop {
  /** Stops after the current round; resolves once it has (or after a few seconds). */
  stop(): Promise<void>;
}

/**
 * Runs `round` again and again until stopped: at once while it reports a full
 * batch (more is waiting), after `idleMs` otherwise, and after `idleMs` again
 * when it fails (logged, never fatal).
 */
export function startLoop(options: {
  name: string;
  logger: Logger;
  idleMs: number;
  round: () => Promise<{ more: boolean }>;
}): BackgroundLoop {
  let stopping = false;
  const running = (async () => {
    while (!stopping) {
      try {
        const { more } = await options.round();
        if (!more) await sleep(options.idleMs);
      } catch (error) {
        if (stopping) return;
        options.logger.warn({ err: error }, `${options.name} failed; retrying`);
        await sleep(options.idleMs);
      }
    }
  })();
  return {
    async stop() {
      stopping = true;
      await Promise.race([running, sleep(3_000)]);
    },
  };
}
