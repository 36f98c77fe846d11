import { z } from 'zod';

/** Expo's limits per request (expo-server-sdk's chunk limits). */
export const SEND_LIMIT = 100;
export const RECEIPTS_LIMIT = 1000;
/** Expo refuses a notification whose payload is larger than 4 KiB (APNs' limit). */
export const MESSAGE_SIZE_LIMIT = 4096;

/** `ExponentPushToken[...]` or `ExpoPushToken[...]`, as expo-server-sdk's isExpoPushToken checks. */
const PUSH_TOKEN = /^Expo(nent)?PushToken\[[^\]\s]+\]$/;

export function isExpoPushToken(token: unknown): token is string {
  return typeof token === 'string' && PUSH_TOKEN.test(token);
}

const pushToken = z
  .string()
  .refine(isExpoPushToken, { message: 'must be a valid Expo push token' });

/** One message as Expo's send endpoint accepts it; unknown fields are refused, as Expo does. */
export const pushMessageSchema = z.strictObject({
  to: z.union([pushToken, z.array(pushToken).min(1)]),
  title: z.string().optional(),
  subtitle: z.string().optional(),
  body: z.string().optional(),
  data: z.record(z.string(), z.unknown()).optional(),
  sound: z
    .union([
      z.literal('default'),
      z.string(),
      z.null(),
      z.object({ critical: z.boolean().optional(), name: z.string().optional() }),
    ])
    .optional(),
  badge: z.number().int().min(0).optional(),
  channelId: z.string().optional(),
  categoryId: z.string().optional(),
  priority: z.enum(['default', 'normal', 'high']).optional(),
  ttl: z.number().int().min(0).optional(),
  expiration: z.number().int().min(0).optional(),
  mutableContent: z.boolean().optional(),
  interruptionLevel: z.enum(['active', 'critical', 'passive', 'time-sensitive']).optional(),
  _contentAvailable: z.boolean().optional(),
});

export type PushMessage = z.output<typeof pushMessageSchema>;

export const receiptsRequestSchema = z.strictObject({
  ids: z.array(z.string().min(1)),
});

export type ExpoErrorCode =
  | 'DeviceNotRegistered'
  | 'MessageTooBig'
  | 'MessageRateExceeded'
  | 'InvalidCredentials'
  | 'MismatchSenderId'
  | 'ProviderError';

export const EXPO_ERROR_CODES = [
  'DeviceNotRegistered',
  'MessageTooBig',
  'MessageRateExceeded',
  'InvalidCredentials',
  'MismatchSenderId',
  'ProviderError',
] as const satisfies readonly ExpoErrorCode[];

export type PushTicket =
  | { status: 'ok'; id: string }
  | {
      status: 'error';
      message: string;
      details: { error: ExpoErrorCode; expoPushToken?: string };
    };

export type PushReceipt =
  { status: 'ok' } | { status: 'error'; message: string; details: { error: ExpoErrorCode } };

/** Expo's request-level failure: `{ errors: [{ code, message }] }` with an HTTP status. */
export class RequestError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly isTransient = false,
  ) {
    super(message);
    this.name = 'RequestError';
  }

  toBody(): { errors: { code: string; message: string; isTransient?: boolean }[] } {
    return {
      errors: [
        {
          code: this.code,
          message: this.message,
          ...(this.isTransient ? { isTransient: true } : {}),
        },
      ],
    };
  }

  static validation(message: string): RequestError {
    return new RequestError(400, 'VALIDATION_ERROR', message);
  }
}

/** Parses input or throws Expo's VALIDATION_ERROR naming the first offending path. */
export function parseRequest<S extends z.ZodType>(
  schema: S,
  input: unknown,
  prefix = '',
): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const path = [
      prefix,
      ...issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)),
    ]
      .join('')
      .replace(/^\./, '');
    return `"${path || 'value'}" ${issue.message}`;
  });
  throw RequestError.validation(problems.join('; '));
}
