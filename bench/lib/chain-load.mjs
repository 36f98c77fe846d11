// A small closed-loop load generator for requests that autocannon cannot
// express: each of C workers runs a scenario step over and over on a
// keep-alive connection, carrying its own state from one request to the next
// (a refresh token chain, a rotating client address). Runs as its own process,
// pinned to LOAD_CORE by runChainLoad(); stops by itself.
//
//   node bench/lib/chain-load.mjs '<json>'
//     { "scenario": "login" | "refresh", "url": "http://127.0.0.1:3830",
//       "connections": 32, "duration": 10, "warmup": 2, "params": { ... } }
//
// Prints one JSON line: { rps, p99, p50, errors, requests, statuses }.
// Every non-2xx answer (429 included) and every failed request is an error.
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';

const REQUEST_TIMEOUT_MS = 10_000;

/** Scenarios: init(params, worker, http) returns the worker's state; step(state, http) sends one request. */
export const SCENARIOS = {
  /** POST /v1/auth/login, each request from another client address (X-Forwarded-For). */
  login: {
    async init(params, worker) {
      return { params, worker, sent: 0 };
    },
    async step(state, http) {
      const { email, password } = state.params;
      const ip = clientAddress(state.worker, state.sent++);
      const { status } = await http('POST', '/v1/auth/login', { email, password }, ip);
      return status;
    },
  },
  /**
   * POST /v1/auth/refresh: each worker signs in once (its own client address)
   * and then rotates its own chain, always presenting the latest refresh token.
   * After a refused rotation the worker signs in again to start a new chain.
   */
  refresh: {
    async init(params, worker, http) {
      const state = { params, worker, logins: 0, token: null };
      await signIn(state, http);
      return state;
    },
    async step(state, http) {
      if (!state.token) {
        await signIn(state, http);
        if (!state.token) return 0;
      }
      const { status, body } = await http('POST', '/v1/auth/refresh', {
        refreshToken: state.token,
      });
      state.token = status === 200 ? JSON.parse(body).refreshToken : null;
      return status;
    },
  },
};

async function signIn(state, http) {
  const { email, password } = state.params;
  // 10.200.0.0/16 for chain starts, apart from the login scenario's addresses.
  const n = state.worker * 64 + (state.logins++ % 64);
  const ip = `10.200.${(n >> 8) & 255}.${n & 255}`;
  const { status, body } = await http('POST', '/v1/auth/login', { email, password }, ip);
  state.token = status === 200 ? JSON.parse(body).refreshToken : null;
  if (!state.token) state.lastError = `login answered ${status}: ${body.slice(0, 200)}`;
}

/** A distinct 10.x.y.z per request (worker-major), so no address nears a per-IP limit. */
function clientAddress(worker, sent) {
  const n = (sent * 256 + (worker % 256)) % (1 << 22);
  return `10.${(n >> 16) & 63}.${(n >> 8) & 255}.${n & 255}`;
}

function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round(sorted[Math.max(0, index)] * 100) / 100;
}

async function main(config) {
  const { scenario: name, url, connections = 32, duration = 10, warmup = 2, params = {} } = config;
  const scenario = SCENARIOS[name];
  if (!scenario) throw new Error(`unknown scenario "${name}"`);
  const base = new URL(url);
  const agent = new Agent({ keepAlive: true, maxSockets: connections });

  const http = (method, path, json, forwardedFor) =>
    new Promise((resolve) => {
      const payload = json === undefined ? undefined : JSON.stringify(json);
      const headers = { 'user-agent': 'trivance-bench' };
      if (payload !== undefined) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = Buffer.byteLength(payload);
      }
      if (forwardedFor) headers['x-forwarded-for'] = forwardedFor;
      const req = request(
        { host: base.hostname, port: base.port, method, path, headers, agent },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode, body }));
          res.on('error', () => resolve({ status: 0, body: '' }));
        },
      );
      req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error('timeout')));
      req.on('error', (error) => resolve({ status: 0, body: String(error.message) }));
      req.end(payload);
    });
  const states = await Promise.all(
    Array.from({ length: connections }, (_, worker) => scenario.init(params, worker, http)),
  );
  const initErrors = states.filter((s) => s.lastError).map((s) => s.lastError);

  const started = performance.now();
  const measureFrom = started + warmup * 1000;
  const end = measureFrom + duration * 1000;
  const latencies = [];
  const statuses = {};
  let errors = 0;

  const worker = async (state) => {
    while (performance.now() < end) {
      const sent = performance.now();
      const status = await scenario.step(state, http);
      const done = performance.now();
      if (sent < measureFrom || done > end) continue;
      latencies.push(done - sent);
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status < 200 || status >= 300) errors++;
    }
  };
  await Promise.all(states.map(worker));
  agent.destroy();

  latencies.sort((a, b) => a - b);
  return {
    rps: latencies.length / duration,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors,
    requests: latencies.length,
    statuses,
    ...(initErrors.length ? { initErrors: initErrors.slice(0, 3) } : {}),
  };
}

/**
 * Runs a scenario in its own process pinned to `core`; resolves to
 * { rps, p99, errors, ... }. The child is killed if it overruns.
 */
export function runChainLoad(config, { core }) {
  const script = fileURLToPath(import.meta.url);
  const limitMs = ((config.warmup ?? 2) + (config.duration ?? 10) + 60) * 1000;
  return new Promise((resolve, reject) => {
    const child = spawn(
      'taskset',
      ['-c', String(core), process.execPath, script, JSON.stringify(config)],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(JSON.parse(out));
      else reject(new Error(`chain-load ${config.scenario} failed (${signal ?? code}): ${err}`));
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const config = JSON.parse(process.argv[2] ?? '{}');
  // Bounded: whatever happens, this process ends shortly after its run.
  const guard = setTimeout(
    () => {
      console.error('chain-load: overran its time, exiting');
      process.exit(3);
    },
    ((config.warmup ?? 2) + (config.duration ?? 10) + 45) * 1000,
  );
  guard.unref();
  main(config).then(
    (result) => {
      process.stdout.write(`${JSON.stringify(result)}\n`);
      process.exit(0);
    },
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
