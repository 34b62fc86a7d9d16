// SPDX-License-Identifier: Apache-2.0
// Issue 15's speed target for the 世帯訪問調査: campaign progress for 5,500 households p99 < 50 ms. On a fresh demo
// town (`kasane demo`, then `kasane serve` on a free port), the town's caseworker starts a campaign, assigns the
// town's six 自治会 to 地域包括 and imports a household list of 5,500 households across them (one file, the import
// of POST …/household-imports); the 地域包括 visitor's device then syncs about half of them as visited (面会, some 不在)
// in batches of 200 (…/offline-sync). Then GET /api/v1/survey-campaigns/{id} — the campaign with the progress of
// every 自治会 and body, one grouped query — is read REQUESTS times back to back by the caseworker, and timed.
// Usage: node bench/survey_progress.mjs KASANE_BINARY [DB_URL]   (DB_URL: an empty database; default a SQLite file)
// Environment: BENCH_PROGRESS_REQUESTS (500), BENCH_PROGRESS_HOUSEHOLDS (5500).
// Prints "survey progress: N households, p50 … ms, p99 … ms" and "target: … met|NOT met".
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const [kasane, givenUrl] = process.argv.slice(2);
if (!kasane) {
  console.error('usage: node bench/survey_progress.mjs KASANE_BINARY [DB_URL]');
  process.exit(2);
}
const HOUSEHOLDS = Number(process.env.BENCH_PROGRESS_HOUSEHOLDS || 5500);
const REQUESTS = Number(process.env.BENCH_PROGRESS_REQUESTS || 500);
const directory = mkdtempSync(path.join(tmpdir(), 'kasane-bench-progress-'));
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

const Percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

try {
  const staff = await Session('demo-caseworker');
  const houkatsu = (await staff('GET', '/api/v1/organizations')).body.items.find((o) => o.name === '栄浜町地域包括支援センター').id;
  const areas = (await staff('GET', '/api/v1/areas?kind=neighborhood')).body.items;
  assert.ok(areas.length >= 6, 'the demo town has six 自治会');
  const campaign = (await staff('POST', '/api/v1/survey-campaigns',
                                { name: 'bench 全戸訪問', starts_on: day(-60), ends_on: day(60) })).body.id;
  for (const area of areas) {
    assert.equal((await staff('POST', `/api/v1/survey-campaigns/${campaign}/assignments`,
                              { area_id: area.id, organization_id: houkatsu })).status, 204);
  }
  // The household list: one file across the 自治会.
  const lines = ['住所,世帯主,自治会'];
  for (let i = 0; i < HOUSEHOLDS; ++i) {
    const area = areas[i % areas.length];
    lines.push(`${area.name.replace('自治会', '')}${Math.floor(i / 20) + 1}-${(i % 20) + 1},世帯 ${i + 1},${area.name}`);
  }
  const upload = await staff('POST', `/api/v1/survey-campaigns/${campaign}/household-uploads`,
                             { file_name: 'bench.csv', content_base64: Buffer.from(lines.join('\r\n')).toString('base64') });
  assert.equal(upload.status, 201, JSON.stringify(upload.body));
  const imported = await staff('POST', `/api/v1/survey-campaigns/${campaign}/household-imports`, { upload_id: upload.body.id });
  assert.equal(imported.status, 201, JSON.stringify(imported.body).slice(0, 400));
  assert.equal(imported.body.to_create, HOUSEHOLDS);

  // About half visited: the visitor's device syncs them in batches of 200.
  const visitor = await Session('demo-houkatsu');
  const visits = [];
  for (const area of areas) {
    const list = (await visitor('GET', `/api/v1/survey-campaigns/${campaign}/households?area=${area.id}`)).body.households;
    list.forEach((household, i) => {
      if (i % 2 === 1) return;
      visits.push({ idempotency_key: randomUUID(), household_id: household.id, area_id: area.id,
                    visited_on: day(-(i % 50)), visitors: '包括 さとし', outcome: i % 10 === 0 ? 'absent' : 'met',
                    answers: {}, notice: '' });
    });
  }
  for (let i = 0; i < visits.length; i += 200) {
    const synced = await visitor('POST', `/api/v1/survey-campaigns/${campaign}/offline-sync`, { visits: visits.slice(i, i + 200) });
    assert.equal(synced.status, 200);
  }

  const overview = await staff('GET', `/api/v1/survey-campaigns/${campaign}`);
  assert.equal(overview.status, 200);
  const total = overview.body.areas.reduce((sum, area) => sum + area.progress.households, 0);
  const visited = overview.body.areas.reduce((sum, area) => sum + area.progress.visited, 0);
  assert.equal(total, HOUSEHOLDS);
  const times = [];
  for (let i = 0; i < REQUESTS; ++i) {
    const started = performance.now();
    const answer = await staff('GET', `/api/v1/survey-campaigns/${campaign}`);
    times.push(performance.now() - started);
    assert.equal(answer.status, 200);
  }
  times.sort((a, b) => a - b);
  const p50 = Percentile(times, 50);
  const p99 = Percentile(times, 99);
  const backend = databaseUrl.startsWith('sqlite:') ? 'sqlite' : 'postgresql';
  console.log(`survey progress: ${total} households (${visited} visited, ${visits.length} visits) in ${areas.length} 自治会, ` +
              `${REQUESTS} reads: p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms, max ${times.at(-1).toFixed(2)} ms`);
  console.log(`target: campaign progress for ${total} households p99 < 50 ms (${backend}): ${p99 < 50 ? 'met' : 'NOT met'} (${p99.toFixed(2)} ms)`);
} finally {
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
  rmSync(directory, { recursive: true, force: true });
}
