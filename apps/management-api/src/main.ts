import { ConfigError } from '@trivance/shared';
import { createManagementApp } from './bootstrap.js';
import { loadManagementConfig } from './config/management-config.js';

try {
  const config = loadManagementConfig();
  const app = await createManagementApp(config);
  await app.listen({ port: config.PORT, host: '0.0.0.0' });
} catch (error) {
  // Before the logger exists, stderr is the only place to say why we stopped.
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
