import { generateSecret, generateSync, generateURI, verifySync } from 'otplib';

/** RFC 6238 as every authenticator app implements it: SHA-1, 6 digits, 30-second steps. */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
export const TOTP_ISSUER = 'Trivance';
/** One step either side, for clocks that drift and codes typed at the turn of a step. */
const TOLERANCE_SECONDS = TOTP_PERIOD_SECONDS;

const TOTP_OPTIONS = {
  algorithm: 'sha1',
  digits: TOTP_DIGITS,
  period: TOTP_PERIOD_SECONDS,
} as const;

/** A new shared secret: 160 random bits (RFC 4226's recommendation), base32. */
export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

/** The otpauth:// URI an authenticator app scans (as a QR code) or imports. */
export function totpUri(secret: string, accountEmail: string): string {
  return generateURI({ issuer: TOTP_ISSUER, label: accountEmail, secret, ...TOTP_OPTIONS });
}

/**
 * The time step a code belongs to when it is valid now (within one step
 * either side), or null. The caller makes each step usable once.
 */
export function matchingTimeStep(secret: string, code: string, now = Date.now()): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const result = verifySync({
    secret,
    token: code,
    epoch: Math.floor(now / 1000),
    epochTolerance: TOLERANCE_SECONDS,
    ...TOTP_OPTIONS,
  });
  if (!result.valid) return null;
  return 'timeStep' in result ? result.timeStep : Math.floor(now / 1000 / TOTP_PERIOD_SECONDS);
}

/** The code for a moment (tests and the command line use it like an authenticator app). */
export function totpCode(secret: string, now = Date.now()): string {
  return generateSync({ secret, epoch: Math.floor(now / 1000), ...TOTP_OPTIONS });
}
