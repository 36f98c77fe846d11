import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createManagementApp } from '../../src/bootstrap.js';
import { AuthEventsConsumer } from '../../src/domain-events/auth-events.consumer.js';
import { DonationMailConsumer } from '../../src/mail/donation-mail.consumer.js';
import { OrderMailConsumer } from '../../src/mail/order-mail.consumer.js';
import { PaymentSettingsMailConsumer } from '../../src/mail/payment-settings-mail.consumer.js';
import type { ManagementConfig } from '../../src/config/management-config.js';
import { testConfig } from './test-env.js';

export interface RunningApp {
  app: NestFastifyApplication;
  url: string;
  graphql<T = unknown>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: GraphQLBody<T>; headers: Headers }>;
  close(): Promise<void>;
}

export interface GraphQLBody<T> {
  data?: T | null;
  errors?: { message: string; extensions?: Record<string, unknown>; [key: string]: unknown }[];
}

/** Starts the real application on an ephemeral port, as main.ts does. */
export async function startApp(config: ManagementConfig = testConfig()): Promise<RunningApp> {
  const app = await createManagementApp(config);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = await app.getUrl();
  const base = url.replace('[::1]', '127.0.0.1');
  return {
    app,
    url: base,
    async graphql(query, variables, headers = {}) {
      const response = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return {
        status: response.status,
        body: (await response.json()) as GraphQLBody<never>,
        headers: response.headers,
      };
    },
    async close() {
      // The stream consumers stop first. On close the application shuts its
      // databases before its consumers (module destroy, then application
      // shutdown), and a consumer still reading meanwhile takes entries it can
      // no longer apply: they wait, pending, for another instance to claim them
      // a minute later. In a run of one file at a time nobody else's entries
      // flow then; with files side by side, another spec's would be held up.
      for (const consumer of [
        AuthEventsConsumer,
        OrderMailConsumer,
        PaymentSettingsMailConsumer,
        DonationMailConsumer,
      ]) {
        await app.get(consumer, { strict: false }).onApplicationShutdown();
      }
      await app.close();
    },
  };
}
