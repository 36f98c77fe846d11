/**
 * A small, fast, seedable pseudo-random generator (sfc32, seeded through
 * SplitMix32 from a string). The same seed string gives the same sequence on
 * every platform, which keeps demo data reproducible.
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: string) {
    let state = hashString(seed);
    const next = (): number => {
      state = (state + 0x9e3779b9) | 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** A uniformly distributed unsigned 32-bit integer. */
  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
}

/** FNV-1a over UTF-16 code units, then avalanched: a 32-bit seed from a string. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return h >>> 0;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hex32(value: number): string {
  return (
    HEX[(value >>> 24) & 0xff]! +
    HEX[(value >>> 16) & 0xff]! +
    HEX[(value >>> 8) & 0xff]! +
    HEX[value & 0xff]!
  );
}

/**
 * A UUIDv7 (RFC 9562) for the given Unix time in milliseconds, its random
 * bits drawn from `random`: time-ordered like the ids the application makes.
 */
export function uuidv7(milliseconds: number, random: Random): string {
  const time = milliseconds.toString(16).padStart(12, '0');
  const randA = random.uint32();
  const randB = random.uint32();
  const randC = random.uint32();
  const version = (0x7000 | (randA & 0x0fff)).toString(16);
  const variant = (0x8000 | ((randA >>> 16) & 0x3fff)).toString(16);
  const tail = hex32(randB).slice(0, 4) + hex32(randC);
  return `${time.slice(0, 8)}-${time.slice(8)}-${version}-${variant}-${tail}`;
}

/** A MongoDB ObjectId-shaped hex string: 4 bytes of seconds, then 8 random bytes. */
export function objectId(milliseconds: number, random: Random): string {
  return hex32(Math.floor(milliseconds / 1000)) + hex32(random.uint32()) + hex32(random.uint32());
}
