import { ConfigError, loadConfig } from './config.js';
import { createWompiStandIn } from './server.js';

let config;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

const standIn = await createWompiStandIn({
  port: config.port,
  host: config.host,
  merchants: config.merchants,
  transitionDelayMs: config.transitionDelayMs,
  retryScale: config.retryScale,
  logger: { level: config.logLevel },
});
standIn.app.log.info(
  {
    apiUrl: standIn.apiUrl,
    checkoutUrl: standIn.checkoutUrl,
    merchants: standIn.merchants.list().map((merchant) => merchant.publicKey),
  },
  'Wompi stand-in listening',
);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    standIn.app.log.info({ signal }, 'Wompi stand-in stopping');
    standIn.close().then(
      () => process.exit(0),
      (error: unknown) => {
        standIn.app.log.error({ err: error }, 'Wompi stand-in did not stop cleanly');
        process.exit(1);
      },
    );
  });
}
