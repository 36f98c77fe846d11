import { createHmac } from 'node:crypto';

const PERIOD_SECONDS = 30;
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32Decode(secret: string): Buffer {
  let bits = '';
  for (const character of secret.replace(/=+$/, '').toUpperCase()) {
    const value = BASE32.indexOf(character);
    if (value < 0) throw new Error('not base32');
    bits += value.toString(2).padStart(5, '0');
  }
  const bytes: number[] = [];
  for (let index = 0; index + 8 <= bits.length; index += 8) {
    bytes.push(Number.parseInt(bits.slice(index, index + 8), 2));
  }
  return Buffer.from(bytes);
}

/** RFC 6238 (SHA-1, 6 digits, 30 s) for one time step, as an authenticator app computes it. */
export function totpForStep(secret: string, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const digest = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const offset = digest[digest.length - 1]! & 0x0f;
  const binary = digest.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 1_000_000).padStart(6, '0');
}

/**
 * An authenticator app for tests: the Auth Service accepts the current time
 * step's code and one step either side, each once, so this hands out unused
 * steps nearest first and waits for the next step only when all are used.
 */
export class TestAuthenticator {
  private readonly used = new Set<number>();

  constructor(readonly secret: string) {}

  async code(): Promise<string> {
    for (;;) {
      const seconds = Date.now() / 1000;
      const step = Math.floor(seconds / PERIOD_SECONDS);
      const intoStep = seconds - step * PERIOD_SECONDS;
      const candidates = [step, step + 1, ...(intoStep > 3 ? [step - 1] : [])];
      const free = candidates.find((candidate) => !this.used.has(candidate));
      if (free !== undefined) {
        this.used.add(free);
        return totpForStep(this.secret, free);
      }
      await new Promise((resolve) => setTimeout(resolve, (PERIOD_SECONDS - intoStep) * 1000 + 50));
    }
  }
}
