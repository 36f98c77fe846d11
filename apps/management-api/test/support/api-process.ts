import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { localStack } from '@trivance/shared/testing';
import { AUTH_URL, SHARED_REDIS_URL } from './auth-service.js';
import { APP_URL, OWNER_URL, SYSTEM_URL, TEST_DATABASE } from './test-env.js';

const APP_DIR = fileURLToPath(new URL('../..', import.meta.url));

export interface ApiProcess {
  url: string;
  child: ChildProcess;
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** The Management API from its build, as its own process (to kill it for real). */
export async function startApiProcess(
  port: number,
  env: NodeJS.ProcessEnv = {},
): Promise<ApiProcess> {
  const child = spawn(process.execPath, ['dist/main.js'], {
    cwd: APP_DIR,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      PORT: String(port),
      DATABASE_URL: APP_URL(TEST_DATABASE),
      DATABASE_SYSTEM_URL: SYSTEM_URL(TEST_DATABASE),
      DATABASE_MIGRATION_URL: OWNER_URL(TEST_DATABASE),
      DATABASE_MIGRATE_ON_START: 'false',
      REDIS_URL: SHARED_REDIS_URL,
      SMTP_URL: localStack.smtpUrl,
      AUTH_URL,
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 150; attempt++) {
    if (child.exitCode !== null) throw new Error(`Management API exited: ${stderr}`);
    if (
      await fetch(`${url}/health/ready`).then(
        (r) => r.ok,
        () => false,
      )
    ) {
      return {
        url,
        child,
        kill: (signal) =>
          new Promise((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill(signal);
          }),
      };
    }
    await sleep(200);
  }
  child.kill('SIGKILL');
  throw new Error(`Management API did not become ready: ${stderr}`);
}
