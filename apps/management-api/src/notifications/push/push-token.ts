import { registerDecorator, type ValidationOptions } from 'class-validator';

/**
 * An Expo push token: `ExponentPushToken[…]` or `ExpoPushToken[…]`, as
 * expo-server-sdk's isExpoPushToken accepts (and Expo's send endpoint).
 */
const EXPO_PUSH_TOKEN = /^Expo(nent)?PushToken\[[A-Za-z0-9_\-+/=:.]{1,200}\]$/;

export function isExpoPushToken(value: unknown): value is string {
  return typeof value === 'string' && EXPO_PUSH_TOKEN.test(value);
}

/** For logs: enough of a token to tell devices apart, never the whole of it. */
export function maskToken(token: string): string {
  const inner = token.slice(token.indexOf('[') + 1, -1);
  return `${token.slice(0, token.indexOf('[') + 1)}…${inner.slice(-4)}]`;
}

export function IsExpoPushToken(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isExpoPushToken',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: 'token must be an Expo push token (ExponentPushToken[…] or ExpoPushToken[…])',
        ...options,
      },
      validator: { validate: isExpoPushToken },
    });
}
