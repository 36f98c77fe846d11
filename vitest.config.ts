import { availableParallelism } from 'node:os';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// SWC compiles the tests so NestJS gets the decorator metadata it injects by.
const swcPlugin = () =>
  swc.vite({
    jsc: {
      target: 'es2023',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
    },
  });

// graphql ships both CommonJS and ESM builds; NestJS loads the CommonJS one,
// so tests must too, or schema objects come from two "realms".
const singleGraphql = { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] };

// Test files run side by side: the end-to-end specs spend most of their time
// waiting on the Auth Service, PostgreSQL and Redis, so even two cores keep two
// files busy. Vitest's default (one fewer than the cores) would run one at a time here.
const WORKERS = Math.max(2, availableParallelism() - 1);

/**
 * Management API specs that need the shared stack (or the machine) to
 * themselves, so they run one at a time after every other file has finished:
 * - holds: runs the hold-expiry job an hour ahead, which expires every pending
 *   order of every organization (other specs' orders included);
 * - idempotency-purge: counts what one purge deletes across all organizations,
 *   which any other instance's purge on start-up could take first;
 * - domain-events: replays the whole event stream to the shared consumer group,
 *   counts every processed event, and checks that its own instance, stopped and
 *   started again, picks up what arrived meanwhile (no other consumer may);
 * - key-rotation: rotates the signing key of the Auth Service every spec uses;
 * - payments-reconciliation: runs reconciliation and the hold-expiry job
 *   minutes and an hour ahead, which check every pending payment and expire
 *   every pending order of every organization;
 * - exports: checks that the exporting process's resident memory stays flat
 *   while 100,000 rows stream; with both cores kept busy by another file it grows
 *   past the bound (reproduced with this file alone beside busy loops);
 * - push: runs the push receipts job hours ahead, which resends every pending
 *   push message and checks every accepted one, of every account, through its
 *   own Expo stand-in.
 */
const RUN_ALONE = [
  'apps/management-api/test/holds.e2e-spec.ts',
  'apps/management-api/test/idempotency-purge.e2e-spec.ts',
  'apps/management-api/test/domain-events.e2e-spec.ts',
  'apps/management-api/test/key-rotation.e2e-spec.ts',
  'apps/management-api/test/payments-reconciliation.e2e-spec.ts',
  'apps/management-api/test/exports.e2e-spec.ts',
  'apps/management-api/test/push.e2e-spec.ts',
];

const managementApi = {
  globalSetup: ['apps/management-api/test/global-setup.ts'],
  testTimeout: 30_000,
  hookTimeout: 60_000,
};

export default defineConfig({
  test: {
    maxWorkers: WORKERS,
    projects: [
      {
        plugins: [swcPlugin()],
        resolve: singleGraphql,
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.spec.ts', 'apps/*/src/**/*.spec.ts'],
        },
      },
      {
        plugins: [swcPlugin()],
        test: {
          name: 'auth-service',
          include: ['apps/auth-service/test/**/*.e2e-spec.ts'],
          globalSetup: ['apps/auth-service/test/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        plugins: [swcPlugin()],
        resolve: singleGraphql,
        test: {
          name: 'management-api',
          include: ['apps/management-api/test/**/*.e2e-spec.ts'],
          exclude: RUN_ALONE,
          ...managementApi,
        },
      },
      {
        plugins: [swcPlugin()],
        resolve: singleGraphql,
        test: {
          name: 'management-api (alone)',
          include: RUN_ALONE,
          ...managementApi,
          // After the group above, one file at a time, with nothing else running.
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
