import { createExpoPushStandIn, type ExpoPushStandIn } from '@trivance/expo-push-stand-in';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadManagementConfig } from '../../config/management-config.js';
import {
  backoffDelay,
  ExpoPushClient,
  ExpoPushHttpError,
  type ExpoPushMessage,
  retryAfterMs,
} from './expo-push.client.js';

let standIn: ExpoPushStandIn;
let serial = 0;
const token = () => `ExponentPushToken[client-spec-${++serial}]`;
const messages = (count: number): ExpoPushMessage[] =>
  Array.from({ length: count }, () => ({ to: token(), title: 'T', body: 'B', data: { n: 1 } }));

function clientFor(url: string, env: Record<string, string> = {}): ExpoPushClient {
  return new ExpoPushClient(
    loadManagementConfig({
      NODE_ENV: 'test',
      EXPO_PUSH_URL: url,
      EXPO_PUSH_RETRIES: '2',
      EXPO_PUSH_RETRY_MAX_DELAY_MS: '20',
      ...env,
    }),
  );
}

beforeEach(async () => {
  standIn = await createExpoPushStandIn();
});
afterEach(() => standIn.close());

describe('ExpoPushClient.send', () => {
  it('sends 250 messages in 3 requests of at most 100, one ticket per message in order', async () => {
    const batch = messages(250);
    const outcomes = await clientFor(standIn.pushUrl).send(batch);
    expect(outcomes).toHaveLength(250);
    expect(outcomes.every((o) => o.kind === 'ticket' && o.ticket.status === 'ok')).toBe(true);
    expect(standIn.push.batchSizes().sort((a, b) => b - a)).toEqual([100, 100, 50]);
    // The ticket at each position is the one for that message.
    const received = standIn.push.messages(batch[137]!.to)[0]!;
    const ticket = outcomes[137]!;
    expect(ticket.kind === 'ticket' && ticket.ticket.status === 'ok' && ticket.ticket.id).toBe(
      received.ticketId,
    );
    // Large bodies go gzip-compressed, as expo-server-sdk sends them.
    expect(standIn.push.requests('send').every((request) => request.gzip)).toBe(true);
  });

  it('sends the access token as a bearer token when one is configured, and none otherwise', async () => {
    await standIn.close();
    standIn = await createExpoPushStandIn({ accessToken: 'expo-access-token' });
    const withToken = await clientFor(standIn.pushUrl, {
      EXPO_ACCESS_TOKEN: 'expo-access-token',
    }).send(messages(1));
    expect(withToken[0]).toMatchObject({ kind: 'ticket', ticket: { status: 'ok' } });
    const without = await clientFor(standIn.pushUrl).send(messages(1));
    expect(without[0]).toEqual({ kind: 'unsent', transient: false, reason: 'UNAUTHORIZED' });
    // A refusal is not retried.
    expect(standIn.push.requests('send').map((r) => r.status)).toEqual([200, 401]);
  });

  it('retries 429 and 5xx, then reports the messages unsent but transient once the retries are spent', async () => {
    standIn.push.failNextRequests(1, { status: 429, retryAfterSeconds: 0 });
    standIn.push.failNextRequests(1, { status: 502 });
    const recovered = await clientFor(standIn.pushUrl).send(messages(2));
    expect(recovered.map((o) => o.kind)).toEqual(['ticket', 'ticket']);
    expect(standIn.push.requests('send').map((r) => r.status)).toEqual([429, 502, 200]);

    standIn.push.reset();
    standIn.push.failNextRequests(3, { status: 503 });
    const spent = await clientFor(standIn.pushUrl).send(messages(2));
    expect(spent).toEqual([
      { kind: 'unsent', transient: true, reason: 'SERVICE_UNAVAILABLE' },
      { kind: 'unsent', transient: true, reason: 'SERVICE_UNAVAILABLE' },
    ]);
    expect(standIn.push.requestCount('send')).toBe(3);
    expect(standIn.push.messages()).toEqual([]);
  });

  it('never retries a 400 (Expo refusing the request)', async () => {
    const outcomes = await clientFor(standIn.pushUrl).send([{ to: 'not-a-token', body: 'x' }]);
    expect(outcomes).toEqual([{ kind: 'unsent', transient: false, reason: 'VALIDATION_ERROR' }]);
    expect(standIn.push.requestCount('send')).toBe(1);
  });

  it('reports per-message errors from the tickets', async () => {
    const [gone, fine] = messages(2);
    standIn.push.markUnregistered(gone!.to, 'ticket');
    const outcomes = await clientFor(standIn.pushUrl).send([gone!, fine!]);
    expect(outcomes[0]).toMatchObject({
      kind: 'ticket',
      ticket: { status: 'error', details: { error: 'DeviceNotRegistered' } },
    });
    expect(outcomes[1]).toMatchObject({ kind: 'ticket', ticket: { status: 'ok' } });
  });

  describe('against a server that never answers', () => {
    let silent: Server;
    let url: string;
    beforeEach(async () => {
      silent = createServer(() => undefined);
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/--/api/v2/push`;
    });
    afterEach(async () => {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    });

    it('times each request out and reports the messages unsent but transient', async () => {
      const outcomes = await clientFor(url, {
        EXPO_PUSH_TIMEOUT_MS: '100',
        EXPO_PUSH_RETRIES: '1',
      }).send(messages(1));
      expect(outcomes).toEqual([{ kind: 'unsent', transient: true, reason: 'TIMEOUT' }]);
    });
  });
});

describe('ExpoPushClient.getReceipts', () => {
  it('asks for at most 1000 ids per request and returns the receipts Expo has', async () => {
    const sent = await clientFor(standIn.pushUrl).send(messages(3));
    const ids = sent.map((o) =>
      o.kind === 'ticket' && o.ticket.status === 'ok' ? o.ticket.id : '',
    );
    const unknown = Array.from({ length: 2497 }, (_, index) => `unknown-${index}`);
    const { receipts, failed } = await clientFor(standIn.pushUrl).getReceipts([...ids, ...unknown]);
    expect(failed).toEqual([]);
    expect([...receipts.keys()].sort()).toEqual([...ids].sort());
    expect(standIn.push.requests('getReceipts').map((r) => r.size)).toEqual([1000, 1000, 500]);
  });

  it('reports the ids of a request that kept failing, to ask again later', async () => {
    standIn.push.failNextRequests(3, { status: 503, endpoint: 'getReceipts' });
    const { receipts, failed } = await clientFor(standIn.pushUrl).getReceipts(['a', 'b']);
    expect(receipts.size).toBe(0);
    expect(failed).toEqual(['a', 'b']);
  });
});

describe('backoff', () => {
  const options = { baseMs: 250, maxMs: 30_000 };

  it('waits what Retry-After asks, capped', () => {
    expect(backoffDelay(1, new ExpoPushHttpError(429, 'X', 2_000), options)).toBe(2_000);
    expect(backoffDelay(1, new ExpoPushHttpError(429, 'X', 600_000), options)).toBe(30_000);
  });

  it('grows exponentially with full jitter below a ceiling', () => {
    expect(backoffDelay(1, new Error('x'), options, () => 1)).toBe(250);
    expect(backoffDelay(3, new Error('x'), options, () => 1)).toBe(1_000);
    expect(backoffDelay(3, new Error('x'), options, () => 0.5)).toBe(500);
    expect(backoffDelay(20, new Error('x'), options, () => 1)).toBe(30_000);
    expect(backoffDelay(3, new Error('x'), options, () => 0)).toBe(0);
  });

  it('reads Retry-After in seconds or as an HTTP date', () => {
    expect(retryAfterMs('3')).toBe(3_000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(retryAfterMs(null)).toBeUndefined();
    expect(retryAfterMs('soon')).toBeUndefined();
  });
});
