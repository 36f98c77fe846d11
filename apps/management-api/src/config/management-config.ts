import {
  commonEnvShape,
  encryptionKeySetting,
  loadConfig,
  urlWithProtocol,
  z,
} from '@trivance/shared';

const booleanFlag = z.enum(['true', 'false']).transform((value) => value === 'true');

const DEV_AUTH_CLIENT_SECRET = 'dev-management-api-client-secret';
const DEV_WOMPI_EVENTS_SECRET = 'dev-wompi-events-secret';
const DEV_WOMPI_INTEGRITY_SECRET = 'dev-wompi-integrity-secret';
const DEV_WOMPI_PRIVATE_KEY = 'prv_test_dev_private_key';
const DEV_SETTINGS_ENCRYPTION_KEY = 'ZGV2LW9ubHktc2V0dGluZ3MtZW5jcnlwdGlvbi1rZXk=';
const DEV_TICKET_SIGNING_KEY = 'dev-ticket-signing-key-change-me-0000000000';
const DEV_DATABASE_URL = 'postgresql://trivance_app:trivance_app@127.0.0.1:5432/trivance';
const DEV_DATABASE_SYSTEM_URL =
  'postgresql://trivance_system:trivance_system@127.0.0.1:5432/trivance';
const DEV_DATABASE_MIGRATION_URL =
  'postgresql://trivance_owner:trivance_owner@127.0.0.1:5432/trivance';

const managementEnvShape = z.object({
  ...commonEnvShape(3000),
  DATABASE_URL: urlWithProtocol('postgres', 'postgresql').default(DEV_DATABASE_URL),
  /**
   * The owner role, for migrations only. Production serving processes hold no
   * owner credentials: there it has no default and migrations run as their own
   * step (`npm run migrate`).
   */
  DATABASE_MIGRATION_URL: urlWithProtocol('postgres', 'postgresql').optional(),
  /** The role that bypasses row-level security, for the few audited cross-tenant paths. */
  DATABASE_SYSTEM_URL: urlWithProtocol('postgres', 'postgresql').default(DEV_DATABASE_SYSTEM_URL),
  /**
   * Apply pending migrations at boot (safe with many instances: advisory lock).
   * On by default, except in production.
   */
  DATABASE_MIGRATE_ON_START: booleanFlag.optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** Connections for CSV exports (each export holds one while it streams), apart from the pool above. */
  EXPORT_CONNECTIONS: z.coerce.number().int().min(1).max(20).default(2),
  AUTH_URL: urlWithProtocol('http', 'https').default('http://127.0.0.1:3001'),
  AUTH_CLIENT_ID: z.string().min(1).default('management-api'),
  AUTH_CLIENT_SECRET: z.string().min(16).default(DEV_AUTH_CLIENT_SECRET),
  JWT_ISSUER: z.string().min(1).default('http://localhost:3001'),
  JWT_AUDIENCE: z.string().min(1).default('trivance-api'),
  WOMPI_API_URL: urlWithProtocol('http', 'https').default('http://127.0.0.1:3099/v1'),
  WOMPI_PUBLIC_KEY: z.string().min(1).default('pub_test_dev_public_key'),
  WOMPI_PRIVATE_KEY: z.string().min(1).default(DEV_WOMPI_PRIVATE_KEY),
  WOMPI_EVENTS_SECRET: z.string().min(1).default(DEV_WOMPI_EVENTS_SECRET),
  WOMPI_INTEGRITY_SECRET: z.string().min(1).default(DEV_WOMPI_INTEGRITY_SECRET),
  /** Wompi's web checkout (https://checkout.wompi.co/p/); locally the stand-in's. */
  WOMPI_CHECKOUT_URL: urlWithProtocol('http', 'https').default('http://127.0.0.1:3099/p/'),
  /**
   * The provider's fee on an approved payment: a rate in basis points plus a
   * fixed part in minor units, taxes included (Wompi Colombia: 2.65% + COP 700,
   * plus 19% VAT, is 315 and 83300). Booked as its own ledger entries.
   */
  WOMPI_FEE_BASIS_POINTS: z.coerce.number().int().min(0).max(5000).default(315),
  WOMPI_FEE_FIXED: z.coerce.number().int().min(0).max(100_000_000).default(83_300),
  /** How long a call to the provider's API may take. */
  WOMPI_API_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  /** How often reconciliation looks for payments due a check and events not yet processed. */
  PAYMENT_RECONCILE_INTERVAL_SECONDS: z.coerce.number().min(0.1).max(3600).default(10),
  /** Seals each organization's own merchant secrets (32 bytes, base64). */
  SETTINGS_ENCRYPTION_KEY: encryptionKeySetting(DEV_SETTINGS_ENCRYPTION_KEY),
  /** Where buyers come back to after the provider's checkout (the web app). */
  PUBLIC_APP_URL: urlWithProtocol('http', 'https').default('http://localhost:5173'),
  /** Secret the ticket QR signing key (Ed25519) is derived from; 32 characters or more. */
  TICKET_SIGNING_KEY: z.string().min(32).default(DEV_TICKET_SIGNING_KEY),
  /** Earlier signing secrets, comma-separated: their QR codes still verify after a rotation. */
  TICKET_SIGNING_KEYS_RETIRED: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((key) => key.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().min(32))),
  SMTP_URL: urlWithProtocol('smtp', 'smtps').default('smtp://127.0.0.1:1025'),
  /** Consume the Auth Service's domain events in this process. */
  DOMAIN_EVENTS_CONSUMER: booleanFlag.default(true),
  /** Serve hot reads from Redis (off only to measure or to rule the cache out). */
  READ_CACHE: booleanFlag.default(true),
  /** Run the outbox relay, the order jobs and the event consumers in this process. */
  BACKGROUND_JOBS: booleanFlag.default(true),
  /** How long an unpaid order holds its seats. */
  ORDER_HOLD_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(15),
  /** Guest gifts (no account) accepted per hour from one address and for one email. */
  GUEST_DONATIONS_PER_HOUR_PER_IP: z.coerce.number().int().min(1).max(10_000).default(20),
  GUEST_DONATIONS_PER_HOUR_PER_EMAIL: z.coerce.number().int().min(1).max(10_000).default(5),
  /** Run the monthly-gift charge job in this process; as BACKGROUND_JOBS when unset. */
  RECURRING_CHARGES: booleanFlag.optional(),
  /** Whether this process turns domain events into notifications; as BACKGROUND_JOBS when unset. */
  NOTIFICATIONS_CONSUMER: booleanFlag.optional(),
  /** How often the monthly-gift job looks for charges that are due. */
  RECURRING_CHARGE_INTERVAL_SECONDS: z.coerce.number().min(0.1).max(3600).default(30),
  /** How often the hold-expiry job looks for expired orders. */
  ORDER_EXPIRY_INTERVAL_SECONDS: z.coerce.number().min(0.1).max(3600).default(5),
  /** How long a waiting-list offer holds its seats for the person it was offered to. */
  WAITLIST_OFFER_HOURS: z.coerce
    .number()
    .min(0.01)
    .max(24 * 14)
    .default(24),
  /** How often idempotency records past their retention are deleted. */
  IDEMPOTENCY_PURGE_INTERVAL_SECONDS: z.coerce.number().min(0.1).max(86_400).default(300),
  /** How often freed seats are offered to the waiting list (and lapsed offers passed on). */
  WAITLIST_INTERVAL_SECONDS: z.coerce.number().min(0.1).max(3600).default(2),
  /** Expo's push API base (send and getReceipts); locally the stand-in's. */
  EXPO_PUSH_URL: urlWithProtocol('http', 'https').default('https://exp.host/--/api/v2/push'),
  /** Expo's access token, when the project turns on enhanced push security (a secret: never logged). */
  EXPO_ACCESS_TOKEN: z.string().min(1).optional(),
  /** How long one call to Expo may take. */
  EXPO_PUSH_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /** Retries of one call after a 429, a 5xx or a network fault, with backoff and jitter. */
  EXPO_PUSH_RETRIES: z.coerce.number().int().min(0).max(10).default(3),
  /** The longest wait between those retries, Retry-After included. */
  EXPO_PUSH_RETRY_MAX_DELAY_MS: z.coerce.number().int().min(1).max(300_000).default(30_000),
  /** Times a message Expo has not accepted is sent before it is given up (later runs of the receipts job). */
  PUSH_SEND_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(10),
  /** How long after sending receipts are fetched (Expo: allow it up to 30 minutes under load). */
  PUSH_RECEIPT_DELAY_SECONDS: z.coerce.number().min(0).max(86_400).default(900),
  /** How often the receipts job looks for receipts due, messages to resend and tickets to prune. */
  PUSH_RECEIPTS_INTERVAL_SECONDS: z.coerce.number().min(0.1).max(3600).default(60),
  /** Run the push receipts job in this process; as BACKGROUND_JOBS when unset. */
  PUSH_JOBS: booleanFlag.optional(),
  MAIL_FROM: z.string().min(3).default('Trivance <no-reply@trivance.local>'),
  GRAPHQL_MAX_DEPTH: z.coerce.number().int().min(2).max(50).default(10),
  /** Estimated cost ceiling: list fields cost their page size times their items. */
  GRAPHQL_MAX_COST: z.coerce.number().int().min(10).max(1_000_000).default(5_000),
  /** Root fields (aliases included) one operation may select. */
  GRAPHQL_MAX_ROOT_FIELDS: z.coerce.number().int().min(1).max(200).default(20),
  /** Mutations (root fields) one caller may run per minute (DOMAIN.md, "Limits"). */
  GRAPHQL_MUTATIONS_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  /** Estimated query cost one caller may spend per minute. */
  GRAPHQL_COST_PER_MINUTE: z.coerce.number().int().min(1).default(300_000),
});

export const managementEnvSchema = managementEnvShape.transform((env, context) => {
  const production = env.NODE_ENV === 'production';
  const migrateOnStart = env.DATABASE_MIGRATE_ON_START ?? !production;
  const migrationUrl =
    env.DATABASE_MIGRATION_URL ?? (production ? undefined : DEV_DATABASE_MIGRATION_URL);
  if (migrateOnStart && !migrationUrl) {
    context.addIssue({
      code: 'custom',
      path: ['DATABASE_MIGRATION_URL'],
      message: 'is required when DATABASE_MIGRATE_ON_START is true',
    });
  }
  return {
    ...env,
    DATABASE_MIGRATE_ON_START: migrateOnStart,
    DATABASE_MIGRATION_URL: migrationUrl,
  };
});

export type ManagementConfig = z.output<typeof managementEnvSchema>;

export function loadManagementConfig(env: NodeJS.ProcessEnv = process.env): ManagementConfig {
  return loadConfig(managementEnvSchema, env, {
    secrets: [
      { key: 'DATABASE_URL', developmentDefault: DEV_DATABASE_URL },
      { key: 'DATABASE_MIGRATION_URL', developmentDefault: DEV_DATABASE_MIGRATION_URL },
      { key: 'DATABASE_SYSTEM_URL', developmentDefault: DEV_DATABASE_SYSTEM_URL },
      { key: 'AUTH_CLIENT_SECRET', developmentDefault: DEV_AUTH_CLIENT_SECRET },
      { key: 'WOMPI_PRIVATE_KEY', developmentDefault: DEV_WOMPI_PRIVATE_KEY },
      { key: 'WOMPI_EVENTS_SECRET', developmentDefault: DEV_WOMPI_EVENTS_SECRET },
      { key: 'WOMPI_INTEGRITY_SECRET', developmentDefault: DEV_WOMPI_INTEGRITY_SECRET },
      { key: 'TICKET_SIGNING_KEY', developmentDefault: DEV_TICKET_SIGNING_KEY },
      { key: 'SETTINGS_ENCRYPTION_KEY', developmentDefault: DEV_SETTINGS_ENCRYPTION_KEY },
    ],
  });
}
