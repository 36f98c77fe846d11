import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes, randomInt } from 'node:crypto';
import { bootstrap, type AuthApp } from '../../src/bootstrap.js';
import { TEST_ENV } from './test-env.js';

export interface TestApp extends AuthApp {
  baseUrl: string;
  close(): Promise<void>;
}

/** Starts the real app (same bootstrap as main.ts) on a free port. */
export async function startTestApp(overrides: NodeJS.ProcessEnv = {}): Promise<TestApp> {
  const started = await bootstrap({ ...TEST_ENV, ...overrides });
  await started.app.listen({ port: 0, host: '127.0.0.1' });
  const address = started.app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    ...started,
    baseUrl: `http://127.0.0.1:${port}`,
    close: () => started.app.close(),
  };
}

export function uniqueEmail(tag = 'user'): string {
  return `${tag}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}@example.test`;
}

/** A random documentation-range client IP, so each spec gets its own per-IP limits. */
export function randomIp(): string {
  return `198.51.${randomInt(0, 256)}.${randomInt(1, 255)}`;
}

export interface CallOptions {
  method?: string;
  body?: unknown;
  token?: string;
  ip?: string;
  headers?: Record<string, string>;
}

export interface CallResult<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

export function client(app: { baseUrl: string }, defaultIp = randomIp()) {
  // Specs read response bodies loosely; the assertions are the type check.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return async function call<T = Record<string, any>>(
    path: string,
    options: CallOptions = {},
  ): Promise<CallResult<T>> {
    const headers: Record<string, string> = {
      'x-forwarded-for': options.ip ?? defaultIp,
      ...options.headers,
    };
    if (options.body !== undefined) headers['content-type'] ??= 'application/json';
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const response = await fetch(app.baseUrl + path, {
      method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
      headers,
      body:
        options.body === undefined
          ? undefined
          : typeof options.body === 'string'
            ? options.body
            : JSON.stringify(options.body),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON
    }
    return { status: response.status, headers: response.headers, body: body as T };
  };
}

export type Call = ReturnType<typeof client>;
export type { NestFastifyApplication };
