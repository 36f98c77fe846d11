import { z } from 'zod';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const commaSeparated = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  );

export const portSchema = z.coerce.number().int().min(1).max(65535);

export const urlWithProtocol = (...protocols: string[]) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol.replace(/:$/, ''));
      } catch {
        return false;
      }
    },
    { message: `must be a URL (${protocols.join(', ')})` },
  );

/** Variables every service reads (ARCHITECTURE.md, "Configuration"). */
export function commonEnvShape(defaultPort: number) {
  return {
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: portSchema.default(defaultPort),
    LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
    REDIS_URL: urlWithProtocol('redis', 'rediss').default('redis://127.0.0.1:6379'),
    CORS_ORIGINS: commaSeparated,
    TRUST_PROXY: commaSeparated,
    OTEL_EXPORTER_OTLP_ENDPOINT: urlWithProtocol('http', 'https').optional(),
    METRICS_PORT: portSchema.optional(),
    METRICS_TOKEN: z.string().min(16).optional(),
  };
}

export interface LoadConfigOptions<T> {
  /** Keys whose development default must not survive into production. */
  secrets?: { key: keyof T & string; developmentDefault: string }[];
}

/**
 * Validates the environment once at boot into a typed object. Any missing or
 * bad value stops the process with a message naming every offending variable.
 */
export function loadConfig<S extends z.ZodType<{ NODE_ENV: string }>>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
  options: LoadConfigOptions<z.output<S>> = {},
): z.output<S> {
  const emptyAsMissing = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = schema.safeParse(emptyAsMissing);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    );
  }
  const config = parsed.data;
  if (config.NODE_ENV === 'production') {
    const values = config as Record<string, unknown>;
    const leftovers = (options.secrets ?? []).filter(
      ({ key, developmentDefault }) => values[key] === developmentDefault,
    );
    if (leftovers.length > 0) {
      throw new ConfigError(
        leftovers.map(({ key }) => `${key}: still has its development default in production`),
      );
    }
  }
  return config;
}
