// The ceiling of password sign-in on one core: argon2id verifications of the
// same password against the same hash, with the Auth Service's parameters,
// for BENCH_DURATION seconds after a 2 s warm-up. Run it pinned to the
// server's core (taskset -c 0). Prints one JSON line:
// { rps, p99, errors, verifications, concurrency, params }.
//
// ARGON2_HASH / ARGON2_PASSWORD: the stored hash and password to verify (the
// account the login benchmark signs in with); without them, the password is
// hashed once here. ARGON2_CONCURRENCY: verifications in flight at once
// (default 1; they run on libuv's thread pool, as in the server).
import { hash, verify } from '@node-rs/argon2';
import { ARGON2_PARAMS } from '../../apps/auth-service/dist/credentials/password-hasher.js';

const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const WARMUP_S = 2;
const CONCURRENCY = Number(process.env.ARGON2_CONCURRENCY ?? 1);
const password = (process.env.ARGON2_PASSWORD ?? 'bench-argon2-Password-2026!').normalize('NFKC');
const stored = process.env.ARGON2_HASH ?? (await hash(password, ARGON2_PARAMS));

if (!(await verify(stored, password))) {
  console.error('argon2-loop: the password does not match the hash');
  process.exit(1);
}

const started = performance.now();
const measureFrom = started + WARMUP_S * 1000;
const end = measureFrom + DURATION_S * 1000;
const latencies = [];
let errors = 0;

async function loop() {
  while (performance.now() < end) {
    const sent = performance.now();
    const ok = await verify(stored, password).catch(() => false);
    const done = performance.now();
    if (sent < measureFrom || done > end) continue;
    latencies.push(done - sent);
    if (!ok) errors++;
  }
}
await Promise.all(Array.from({ length: CONCURRENCY }, loop));

latencies.sort((a, b) => a - b);
const p99 = latencies.length
  ? latencies[Math.min(latencies.length - 1, Math.ceil(latencies.length * 0.99) - 1)]
  : 0;
const { algorithm, ...params } = ARGON2_PARAMS;
process.stdout.write(
  `${JSON.stringify({
    rps: latencies.length / DURATION_S,
    p99: Math.round(p99 * 100) / 100,
    errors,
    verifications: latencies.length,
    concurrency: CONCURRENCY,
    params: { algorithm: algorithm === 2 ? 'argon2id' : algorithm, ...params },
  })}\n`,
);
process.exit(0);
