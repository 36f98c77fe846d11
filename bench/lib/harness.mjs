// Benchmark harness: starts servers pinned to one core, drives them with
// autocannon pinned to the other, and reports req/s and p99 latency.
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { STACK_ENV } from './local-stack.mjs';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const NODE = process.execPath;
const AUTOCANNON = fileURLToPath(
  new URL('../../node_modules/autocannon/autocannon.js', import.meta.url),
);

export const SERVER_CORE = process.env.BENCH_SERVER_CORE ?? '0';
export const LOAD_CORE = process.env.BENCH_LOAD_CORE ?? '1';
export const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);

const running = new Set();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Starts a Node server pinned to SERVER_CORE and waits for its URL to answer. */
export async function startServer({ name, script, cwd = ROOT, env = {}, readyUrl }) {
  const child = spawn('taskset', ['-c', SERVER_CORE, NODE, script], {
    cwd,
    env: { ...process.env, ...STACK_ENV, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  running.add(child);
  for (let attempt = 0; attempt < 150; attempt++) {
    if (child.exitCode !== null) throw new Error(`${name} exited early:\n${stderr}`);
    try {
      const response = await fetch(readyUrl);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    await sleep(200);
    if (attempt === 149) throw new Error(`${name} did not become ready at ${readyUrl}`);
  }
  return {
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      running.delete(child);
    },
  };
}

/** Runs autocannon pinned to LOAD_CORE; returns { rps, p99, errors }. */
export async function load({ url, method = 'GET', body, headers = {}, warmup = 2 }) {
  const args = (duration) => [
    '-c',
    LOAD_CORE,
    NODE,
    AUTOCANNON,
    '--json',
    '-c',
    String(CONNECTIONS),
    '-d',
    String(duration),
    '-m',
    method,
    ...Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}=${v}`]),
    ...(body ? ['-b', body] : []),
    url,
  ];
  if (warmup > 0) await run(args(warmup));
  const result = JSON.parse(await run(args(DURATION_S)));
  return {
    rps: result.requests.average,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx + result.timeouts,
  };
}

function run(args) {
  return new Promise((resolve, reject) => {
    const child = spawn('taskset', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(err))));
  });
}

/** Prints rows of { name, rps, p99, errors } and the ratio of each to the first. */
export function report(title, rows) {
  const [reference] = rows;
  console.log(`\n${title}`);
  console.log(
    `  ${'server'.padEnd(44)} ${'req/s'.padStart(10)} ${'p99 ms'.padStart(8)} ${'errors'.padStart(7)} ${'req/s ratio'.padStart(12)}`,
  );
  for (const row of rows) {
    const ratio = row === reference ? '1.00' : (row.rps / reference.rps).toFixed(2);
    console.log(
      `  ${row.name.padEnd(44)} ${row.rps.toFixed(0).padStart(10)} ${String(row.p99).padStart(8)} ${String(row.errors).padStart(7)} ${ratio.padStart(12)}`,
    );
  }
}
