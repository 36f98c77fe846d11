import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TransactionEvent } from './events.js';

/** A merchant's events endpoint for tests: records what arrives and answers with scripted codes. */
export interface ReceivedEvent {
  raw: string;
  event: TransactionEvent;
  headers: IncomingHttpHeaders;
  answeredWith: number;
}

export interface EventReceiver {
  url: string;
  received: ReceivedEvent[];
  /** Status codes for the next deliveries, in order; afterwards every delivery gets a 200. */
  answerNext(...codes: number[]): void;
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedEvent[]>;
  close(): Promise<void>;
}

export async function startEventReceiver(): Promise<EventReceiver> {
  const received: ReceivedEvent[] = [];
  const scripted: number[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const answeredWith = scripted.shift() ?? 200;
      received.push({
        raw,
        event: JSON.parse(raw) as TransactionEvent,
        headers: request.headers,
        answeredWith,
      });
      response.writeHead(answeredWith).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/wompi`,
    received,
    answerNext: (...codes) => scripted.push(...codes),
    async waitFor(count, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) {
          throw new Error(`expected ${count} events, received ${received.length}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      return received;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/**
 * Verifies an event the way a receiver must, written independently of the
 * stand-in's own signing code so a shared mistake cannot pass unnoticed.
 */
export function eventIsSigned(event: TransactionEvent, eventsSecret: string): boolean {
  const values = event.signature.properties
    .map((path) =>
      String(
        path
          .split('.')
          .reduce<unknown>((node, key) => (node as Record<string, unknown>)?.[key], event.data),
      ),
    )
    .join('');
  const expected = createHash('sha256')
    .update(`${values}${event.timestamp}${eventsSecret}`)
    .digest('hex');
  const actual = event.signature.checksum.toLowerCase();
  return (
    actual.length === expected.length && timingSafeEqual(Buffer.from(actual), Buffer.from(expected))
  );
}
