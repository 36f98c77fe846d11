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

export default defineConfig({
  test: {
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
          globalSetup: ['apps/management-api/test/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
