// SPDX-License-Identifier: Apache-2.0
// Issue 15's speed target for visits without a network: syncing 200 offline visits < 5 s. On a fresh demo town
// (`kasane demo`, then `kasane serve` on a free port), the town's caseworker sets up a campaign with 200 households
// in 東浜自治会 assigned to 地域包括; the 地域包括 visitor's device then sends its 200 visits in one
// POST /api/v1/survey-campaigns/{id}/offline-sync (one transaction per visit, each with its idempotency key), which
// is timed; then the same batch again (all already_synced), timed too.
// Usage: node bench/offline_sync.mjs KASANE_BINARY [DB_URL]   (DB_URL: an empty database; default a SQLite file)
// Prints "offline sync: 200 visits in N.NN s (resend N.NN s)" and "target: … met|NOT met".
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const [kasane, givenUrl] = process.argv.slice(2);
if (!kasane) {
  console.error('usage: node bench/offline_sync.mjs KASANE_BINARY [DB_URL]');
  process.exit(2);
}
const VISITS = 200;
const directory = mkdtempSync(path.join(tmpdir(), 'kasane-bench-offline-'));
const databaseUrl = givenUrl || `sqlite:${path.join(directory, 'k.db')}`;
const day = (days) => new Date(Date.now() + 9 * 3600_000 + days * 86400_000).toISOString().slice(0, 10);

execFileSync(kasane, ['demo', '--db', databaseUrl, '--log-level', 'warning'], { stdio: 'ignore', timeout: 600_000 });
const server = spawn(kasane, ['serve', '--db', databaseUrl, '--listen', '127.0.0.1:0', '--log-level', 'warning'],
                     { stdio: ['ignore', 'pipe', 'inherit'] });
const base = await new Promise((resolve, reject) => {
  let out = '';
  server.stdout.setEncoding('utf8');
  server.stdout.on('data', (chunk) => {
    out += chunk;
    const match = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
    if (match) resolve(match[1]);
  });
  server.on('exit', (code) => reject(new Error(`kasane serve exited (${code})`)));
});

async function Session(username) {
  const response = await fetch(`${base}/api/v1/sessions`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: 'kasane-demo' }),
  });
  assert.equal(response.status, 201);
  const cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrf_token: csrf } = await response.json();
  return async (method, target, body) => {
    const answer = await fetch(`${base}${target}`, {
      method, headers: { Cookie: cookie, 'X-CSRF-Token': csrf, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: answer.status, body: await answer.json().catch(() => null) };
  };
}

try {
  const staff = await Session('demo-caseworker');
  const houkatsu = (await staff('GET', '/api/v1/organizations')).body.items.find((o) => o.name === '栄浜町地域包括支援センター').id;
  const east = (await staff('GET', '/api/v1/areas')).body.items.find((a) => a.name === '東浜自治会').id;
  const campaign = (await staff('POST', '/api/v1/survey-campaigns',
                                { name: 'bench', starts_on: day(-30), ends_on: day(30) })).body.id;
  assert.equal((await staff('POST', `/api/v1/survey-campaigns/${campaign}/assignments`,
                            { area_id: east, organization_id: houkatsu })).status, 204);
  const households = [];
  for (let i = 0; i < VISITS; ++i) {
    const added = await staff('POST', `/api/v1/survey-campaigns/${campaign}/households`,
                              { area_id: east, address: `東浜${i + 1}`, head_name: `世帯 ${i + 1}` });
    households.push(added.body.id);
  }
  const visitor = await Session('demo-houkatsu');
  const visits = households.map((household, i) => ({
    idempotency_key: randomUUID(), household_id: household, area_id: east, visited_on: day(-(i % 20)),
    visitors: '包括 さとし', outcome: i % 4 === 0 ? 'absent' : 'met',
    answers: { trouble_health: i % 3 === 0 ? '通院が大変' : '' }, notice: `訪問 ${i + 1} の気づき`,
  }));
  const started = performance.now();
  const first = await visitor('POST', `/api/v1/survey-campaigns/${campaign}/offline-sync`, { visits });
  const seconds = (performance.now() - started) / 1000;
  assert.equal(first.status, 200);
  assert.equal(first.body.results.filter((r) => r.status === 'recorded').length, VISITS);
  const again = performance.now();
  const second = await visitor('POST', `/api/v1/survey-campaigns/${campaign}/offline-sync`, { visits });
  const resend = (performance.now() - again) / 1000;
  assert.equal(second.body.results.filter((r) => r.status === 'already_synced').length, VISITS);
  const backend = databaseUrl.startsWith('sqlite:') ? 'sqlite' : 'postgresql';
  console.log(`offline sync: ${VISITS} visits in ${seconds.toFixed(2)} s (resend ${resend.toFixed(2)} s)`);
  console.log(`target: syncing ${VISITS} offline visits < 5 s (${backend}): ${seconds < 5 ? 'met' : 'NOT met'} (${seconds.toFixed(2)} s)`);
} finally {
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
  rmSync(directory, { recursive: true, force: true });
}
