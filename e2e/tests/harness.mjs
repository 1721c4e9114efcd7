// Starts `tdkt demo` on a fresh data directory and a free port, and Debian's
// Chromium through playwright-core (no browser download).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import { chromium } from 'playwright-core';

export const BIN = process.env.TDKT_BIN || join(process.cwd(), '..', 'target', 'debug', 'tdkt');
// The app's "today" in every browser test (the `today` setting through
// TDKT_TODAY): nothing depends on the day the tests run.
export const TODAY = '2026-06-15';
export const YEAR = Number(TODAY.slice(0, 4));

async function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
    s.on('error', reject);
  });
}

export async function startDemo() {
  const dir = mkdtempSync(join(tmpdir(), 'tdkt-e2e-'));
  const port = await freePort();
  const proc = spawn(BIN, ['demo', '--data', dir, '--addr', `127.0.0.1:${port}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TDKT_TODAY: TODAY },
  });
  let log = '';
  proc.stdout.on('data', (d) => { log += d; });
  proc.stderr.on('data', (d) => { log += d; });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60000;
  for (;;) {
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.ok) break;
    } catch { /* not up yet */ }
    if (proc.exitCode !== null || Date.now() > deadline) throw new Error(`tdkt demo did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    base,
    async stop() { proc.kill('SIGTERM'); await new Promise((r) => proc.once('exit', r)); rmSync(dir, { recursive: true, force: true }); },
  };
}

export async function browser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
