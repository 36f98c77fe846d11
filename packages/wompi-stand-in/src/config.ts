import { z } from 'zod';
import { merchantInputSchema, type MerchantInput } from './merchants.js';

/** The stand-in's environment, validated once at start; a bad value stops it and says which. */
export interface StandInConfig {
  port: number;
  host: string;
  merchants: MerchantInput[];
  transitionDelayMs: number;
  retryScale: number;
  logLevel: string;
}

const merchantsJsonSchema = z.string().transform((text, context) => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    context.addIssue({ code: 'custom', message: 'Debe ser JSON' });
    return z.NEVER;
  }
});

const envSchema = z.object({
  WOMPI_STAND_IN_PORT: z.coerce.number().int().min(0).max(65535).default(3099),
  WOMPI_STAND_IN_HOST: z.string().min(1).default('127.0.0.1'),
  WOMPI_STAND_IN_MERCHANTS: merchantsJsonSchema.pipe(z.array(merchantInputSchema)).optional(),
  WOMPI_STAND_IN_TRANSITION_DELAY_MS: z.coerce.number().int().min(0).default(1000),
  WOMPI_STAND_IN_RETRY_SCALE: z.coerce.number().positive().default(1),
  WOMPI_PUBLIC_KEY: z.string().optional(),
  WOMPI_PRIVATE_KEY: z.string().optional(),
  WOMPI_EVENTS_SECRET: z.string().optional(),
  WOMPI_INTEGRITY_SECRET: z.string().optional(),
  WOMPI_EVENTS_URL: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

const DEFAULT_MERCHANT_KEYS = [
  'WOMPI_PUBLIC_KEY',
  'WOMPI_PRIVATE_KEY',
  'WOMPI_EVENTS_SECRET',
  'WOMPI_INTEGRITY_SECRET',
] as const;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv): StandInConfig {
  // An empty variable means "not set", as it does for a shell `FOO= cmd`.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const result = envSchema.safeParse(present);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${issue.path.map(String).join('.')}: ${issue.message}`,
    );
    throw new ConfigError(`Invalid Wompi stand-in configuration: ${problems.join('; ')}`);
  }
  const values = result.data;
  const merchants: MerchantInput[] = [...(values.WOMPI_STAND_IN_MERCHANTS ?? [])];

  const missing = DEFAULT_MERCHANT_KEYS.filter((key) => values[key] === undefined);
  if (missing.length < DEFAULT_MERCHANT_KEYS.length) {
    if (missing.length > 0) {
      throw new ConfigError(
        `Invalid Wompi stand-in configuration: the default merchant also needs ${missing.join(', ')}`,
      );
    }
    const parsed = merchantInputSchema.safeParse({
      publicKey: values.WOMPI_PUBLIC_KEY,
      privateKey: values.WOMPI_PRIVATE_KEY,
      eventsSecret: values.WOMPI_EVENTS_SECRET,
      integritySecret: values.WOMPI_INTEGRITY_SECRET,
      eventsUrl: values.WOMPI_EVENTS_URL,
    });
    if (!parsed.success) {
      const fields = {
        publicKey: 'WOMPI_PUBLIC_KEY',
        privateKey: 'WOMPI_PRIVATE_KEY',
        eventsUrl: 'WOMPI_EVENTS_URL',
      };
      const problems = parsed.error.issues.map((issue) => {
        const field = String(issue.path[0]);
        return `${fields[field as keyof typeof fields] ?? field}: ${issue.message}`;
      });
      throw new ConfigError(`Invalid Wompi stand-in configuration: ${problems.join('; ')}`);
    }
    merchants.unshift(parsed.data);
  } else if (values.WOMPI_EVENTS_URL !== undefined) {
    throw new ConfigError(
      `Invalid Wompi stand-in configuration: WOMPI_EVENTS_URL is set without ${DEFAULT_MERCHANT_KEYS.join(', ')}`,
    );
  }

  return {
    port: values.WOMPI_STAND_IN_PORT,
    host: values.WOMPI_STAND_IN_HOST,
    merchants,
    transitionDelayMs: values.WOMPI_STAND_IN_TRANSITION_DELAY_MS,
    retryScale: values.WOMPI_STAND_IN_RETRY_SCALE,
    logLevel: values.LOG_LEVEL,
  };
}
