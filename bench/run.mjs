// `npm run bench [-- suite ...]`: runs the named suites (all by default) and
// prints their figures. Timings are measured here, never asserted in tests.
import { CONNECTIONS, DURATION_S, LOAD_CORE, SERVER_CORE } from './lib/harness.mjs';

const SUITES = {
  foundation: () => import('./suites/foundation.mjs'),
  users: () => import('./suites/users.mjs'),
  auth: () => import('./suites/auth.mjs'),
  orders: () => import('./suites/orders.mjs'),
  door: () => import('./suites/door.mjs'),
  payments: () => import('./suites/payments.mjs'),
  donations: () => import('./suites/donations.mjs'),
  notifications: () => import('./suites/notifications.mjs'),
};

const requested = process.argv.slice(2);
const names = requested.length ? requested : Object.keys(SUITES);
for (const name of names) {
  if (!SUITES[name]) {
    console.error(`unknown suite "${name}"; known: ${Object.keys(SUITES).join(', ')}`);
    process.exit(2);
  }
}

console.log(
  `Node ${process.version}; servers on core ${SERVER_CORE}, load generator on core ${LOAD_CORE}; ` +
    `${CONNECTIONS} connections, ${DURATION_S}s per measurement after a 2s warm-up`,
);
for (const name of names) {
  const suite = await SUITES[name]();
  await suite.run();
}
process.exit(0);
