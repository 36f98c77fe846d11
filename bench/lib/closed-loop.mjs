// What the closed-loop load drivers (orders-load, door-load) share: posting
// GraphQL on a keep-alive agent, percentiles, and running a driver as its own
// process pinned to the load core, its config passed in a file.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  return (
    Math.round(
      sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] * 100,
    ) / 100
  );
}

/**
 * Prints a driver's figures as the one JSON line runPinned reads, and exits:
 * `{ [countName]: completed, seconds, rps, p99, errors, lastError }`.
 */
export function printFigures(countName, latencies, started, errors, lastError) {
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      [countName]: latencies.length,
      seconds: Math.round(seconds * 100) / 100,
      rps: latencies.length / seconds,
      p99: percentile(latencies, 99),
      errors,
      lastError,
    }),
  );
  process.exit(0);
}

/** POSTs a JSON body with a bearer token; resolves to the response text. */
export function post(agent, url, token, body) {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      agent,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve(text));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Runs the driver module at `moduleUrl` pinned to `loadCore`; resolves to the JSON it prints. */
export function runPinned(moduleUrl, config, loadCore) {
  // Thousands of payloads do not fit in one command-line argument.
  const file = join(mkdtempSync(join(tmpdir(), 'bench-load-')), 'config.json');
  writeFileSync(file, JSON.stringify(config));
  return new Promise((resolve, reject) => {
    const child = spawn(
      'taskset',
      ['-c', loadCore, process.execPath, fileURLToPath(moduleUrl), file],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(err || out)),
    );
  });
}

/** The config of a driver started by runPinned, or undefined when imported as a module. */
export function pinnedConfig(moduleUrl) {
  return process.argv[1] === fileURLToPath(moduleUrl)
    ? JSON.parse(readFileSync(process.argv[2], 'utf8'))
    : undefined;
}
