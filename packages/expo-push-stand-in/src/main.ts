import { ConfigError, loadConfig } from './config.js';
import { createExpoPushStandIn } from './server.js';

let config;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

const standIn = await createExpoPushStandIn({
  port: config.port,
  host: config.host,
  receiptDelayMs: config.receiptDelayMs,
  ...(config.accessToken ? { accessToken: config.accessToken } : {}),
  logger: { level: config.logLevel },
});
standIn.app.log.info(
  { pushUrl: standIn.pushUrl, receiptDelayMs: config.receiptDelayMs },
  'Expo push stand-in listening',
);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    standIn.app.log.info({ signal }, 'Expo push stand-in stopping');
    standIn.close().then(
      () => process.exit(0),
      (error: unknown) => {
        standIn.app.log.error({ err: error }, 'Expo push stand-in did not stop cleanly');
        process.exit(1);
      },
    );
  });
}
