// Where the local stack listens: the same TRIVANCE_*_PORT variables that
// scripts/stack/lib.sh and the tests read, so a checkout whose stack runs on
// other ports benchmarks against its own servers.
const port = (name, fallback) => Number(process.env[name] || fallback);

export const PG_HOST = `127.0.0.1:${port('TRIVANCE_PG_PORT', 5432)}`;
export const MONGO_HOST = `127.0.0.1:${port('TRIVANCE_MONGO_PORT', 27017)}`;
export const REDIS_HOST = `127.0.0.1:${port('TRIVANCE_REDIS_PORT', 6379)}`;
export const SMTP_URL = `smtp://127.0.0.1:${port('TRIVANCE_SMTP_PORT', 1025)}`;

export const postgresUrl = (user, password, database) =>
  `postgresql://${user}:${password}@${PG_HOST}/${database}`;
export const mongoUrl = (database) => `mongodb://${MONGO_HOST}/${database}`;
export const redisUrl = (db = 0) => `redis://${REDIS_HOST}/${db}`;

/**
 * What every service started by a benchmark needs to reach the local stack;
 * a suite's own settings (a database of its own, a Redis db) override these.
 */
export const STACK_ENV = {
  REDIS_URL: redisUrl(0),
  SMTP_URL,
  MONGODB_URI: mongoUrl('trivance_auth'),
  DATABASE_URL: postgresUrl('trivance_app', 'trivance_app', 'trivance'),
  DATABASE_MIGRATION_URL: postgresUrl('trivance_owner', 'trivance_owner', 'trivance'),
  DATABASE_SYSTEM_URL: postgresUrl('trivance_system', 'trivance_system', 'trivance'),
};
