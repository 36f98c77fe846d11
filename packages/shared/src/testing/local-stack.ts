/**
 * Where the local stack listens, as `scripts/stack/lib.sh` starts it: the same
 * TRIVANCE_*_PORT variables move both, so a second checkout can run its own
 * stack (and its tests) beside the first.
 */
function port(variable: string, fallback: number): number {
  const value = process.env[variable];
  return value ? Number(value) : fallback;
}

export const localStack = {
  postgresHost: `127.0.0.1:${port('TRIVANCE_PG_PORT', 5432)}`,
  mongoUrl: (database: string) =>
    `mongodb://127.0.0.1:${port('TRIVANCE_MONGO_PORT', 27017)}/${database}`,
  redisPort: port('TRIVANCE_REDIS_PORT', 6379),
  redisUrl: (db: number) => `redis://127.0.0.1:${port('TRIVANCE_REDIS_PORT', 6379)}/${db}`,
  smtpUrl: `smtp://127.0.0.1:${port('TRIVANCE_SMTP_PORT', 1025)}`,
  mailWebUrl: `http://127.0.0.1:${port('TRIVANCE_MAIL_WEB_PORT', 1080)}`,
};
