import { z } from 'zod';

/** The stand-in's environment, validated once at start; a bad value stops it and says which. */
export interface StandInConfig {
  port: number;
  host: string;
  receiptDelayMs: number;
  accessToken?: string;
  logLevel: string;
}

const envSchema = z.object({
  EXPO_PUSH_STAND_IN_PORT: z.coerce.number().int().min(0).max(65535).default(3098),
  EXPO_PUSH_STAND_IN_HOST: z.string().min(1).default('127.0.0.1'),
  EXPO_PUSH_STAND_IN_RECEIPT_DELAY_MS: z.coerce.number().int().min(0).default(0),
  /** Require this bearer token on every request, as Expo's enhanced push security does. */
  EXPO_PUSH_STAND_IN_ACCESS_TOKEN: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

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
    throw new ConfigError(`Invalid Expo push stand-in configuration: ${problems.join('; ')}`);
  }
  const values = result.data;
  return {
    port: values.EXPO_PUSH_STAND_IN_PORT,
    host: values.EXPO_PUSH_STAND_IN_HOST,
    receiptDelayMs: values.EXPO_PUSH_STAND_IN_RECEIPT_DELAY_MS,
    ...(values.EXPO_PUSH_STAND_IN_ACCESS_TOKEN
      ? { accessToken: values.EXPO_PUSH_STAND_IN_ACCESS_TOKEN }
      : {}),
    logLevel: values.LOG_LEVEL,
  };
}
