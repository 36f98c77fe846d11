import { ConfigError } from '@trivance/shared';
import { bootstrap } from './bootstrap.js';

try {
  const { app, config } = await bootstrap();
  await app.listen({ port: config.PORT, host: '0.0.0.0' });
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(78); // EX_CONFIG
  }
  throw error;
}
