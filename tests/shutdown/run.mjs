// SPDX-License-Identifier: Apache-2.0
// Graceful shutdown under a write load, against the real binary.
//
// Starts `kasane serve`, signs in as demo-town-admin, runs several concurrent clients that create areas
// (POST /api/v1/areas) as fast as they can, sends SIGTERM in the middle, and checks:
//   1. the process exits with status 0 within a few seconds;
//   2. no request that had been sent (flushed to the socket) before SIGTERM was left without a response
//      (a reset or "socket hang up" while the server was still accepting);
//   3. every write answered 201 is there after a restart (GET /api/v1/areas?kind=neighborhood);
//   4. every response received has its line in the access log (the log is flushed at shutdown);
//   5. on SQLite, `PRAGMA integrity_check` says ok.
// Half of the clients keep their connection alive between requests, half open a new one for each request, so that
// both idle keep-alive connections and connections in the listen backlog meet the shutdown.
//
// Usage: node run.mjs   with KASANE_BIN and KASANE_TEST_DB (sqlite:PATH or postgresql://...) set.
// Prints "ok - ..." / "not ok - ..." per check and "N passed, N failed"; exits 0 only when all passed.

import { spawn, spawnSync } from 'node:child_process';
import http from 'node:http';

const bin = process.env.KASANE_BIN;
const db = process.env.KASANE_TEST_DB;
if (!bin || !db) {
    console.error('KASANE_BIN and KASANE_TEST_DB must be set');
    process.exit(2);
}

const kClients = 8;
const kLoadBeforeSignalMs = 700;
const kExitDeadlineMs = 5000;

let passed = 0;
let failed = 0;
function check(ok, title, detail) {
    if (ok) {
        passed++;
        console.log(`ok - ${title}`);
    } else {
        failed++;
        console.log(`not ok - ${title}`);
        if (detail) console.log(`    ${detail}`);
    }
}

function startServer() {
    return new Promise((resolve, reject) => {
        const child = spawn(bin, ['serve', '--db', db, '--listen', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'pipe'] });
        const server = { child, port: 0, stderr: '', exit: null };
        let stdout = '';
        const timer = setTimeout(() => reject(new Error(`server did not start: ${stdout}${server.stderr}`)), 30000);
        child.stderr.on('data', (chunk) => { server.stderr += chunk.toString(); });
        child.stdout.on('data', (chunk) => {
            stdout += chunk.toString();
            const match = stdout.match(/listening on http:\/\/127\.0\.0\.1:(\d+)/);
            if (match && server.port === 0) {
                clearTimeout(timer);
                server.port = Number(match[1]);
                resolve(server);
            }
        });
        server.exited = new Promise((done) => {
            child.on('exit', (code, signal) => {
                clearTimeout(timer);
                server.exit = { code, signal, at: performance.now() };
                if (server.port === 0) reject(new Error(`server exited ${code} before listening: ${stdout}${server.stderr}`));
                done(server.exit);
            });
        });
    });
}

// One request. Resolves { status, headers, body, flushedAt } or { error, flushedAt }; flushedAt is when the whole
// request had been handed to the socket (undefined if it never was).
function request(port, agent, method, target, headers, body) {
    return new Promise((resolve) => {
        const outcome = { flushedAt: undefined };
        const req = http.request({ host: '127.0.0.1', port, method, path: target, headers, agent }, (res) => {
            const chunks = [];
            res.on('data', (chunk) => chunks.push(chunk));
            res.on('end', () => resolve({ ...outcome, status: res.statusCode, headers: res.headers,
                                          body: Buffer.concat(chunks).toString('utf8') }));
            res.on('error', (error) => resolve({ ...outcome, error }));
        });
        req.on('finish', () => { outcome.flushedAt = performance.now(); });
        req.on('error', (error) => resolve({ ...outcome, error }));
        if (body !== undefined) req.write(body);
        req.end();
    });
}

async function signIn(port) {
    const body = JSON.stringify({ username: 'demo-town-admin', password: 'kasane-demo' });
    const response = await request(port, false, 'POST', '/api/v1/sessions',
                                   { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
                                   body);
    if (response.error || response.status !== 201) {
        throw new Error(`sign-in failed: ${response.error ?? `${response.status} ${response.body}`}`);
    }
    const cookie = [].concat(response.headers['set-cookie'] ?? []).map((c) => c.split(';')[0])
        .find((c) => c.startsWith('kasane_session='));
    const csrf = JSON.parse(response.body).csrf_token;
    if (!cookie || !csrf) throw new Error(`sign-in gave no cookie or csrf_token: ${response.body}`);
    return { cookie, csrf };
}

async function listNeighborhoods(port, session) {
    const response = await request(port, false, 'GET', '/api/v1/areas?kind=neighborhood', { Cookie: session.cookie });
    if (response.error || response.status !== 200) {
        throw new Error(`GET /api/v1/areas failed: ${response.error ?? `${response.status} ${response.body}`}`);
    }
    return new Set(JSON.parse(response.body).items.map((area) => area.name));
}

const demo = spawnSync(bin, ['demo', '--db', db], { encoding: 'utf8' });
if (demo.status !== 0) {
    console.error(`kasane demo failed: ${demo.stdout}${demo.stderr}`);
    process.exit(1);
}

const server = await startServer();
const session = await signIn(server.port);
const results = [];
let signalledAt = Infinity;
let stop = false;

async function client(index) {
    const agent = index % 2 === 0 ? new http.Agent({ keepAlive: true, maxSockets: 1 }) : false;
    for (let sequence = 0; !stop; sequence++) {
        const name = `shutdown-${process.pid}-${index}-${sequence}`;
        const body = JSON.stringify({ kind: 'neighborhood', name });
        const response = await request(server.port, agent, 'POST', '/api/v1/areas', {
            'Content-Type': 'application/json',
            'Content-Length': Buffer.byteLength(body),
            Cookie: session.cookie,
            'X-CSRF-Token': session.csrf,
        }, body);
        results.push({ name, ...response });
        // Once the server has gone, refused connections come at once: stop instead of spinning.
        if (response.error && performance.now() > signalledAt) break;
    }
    if (agent) agent.destroy();
}

const clients = Array.from({ length: kClients }, (_, index) => client(index));
await new Promise((resolve) => setTimeout(resolve, kLoadBeforeSignalMs));
signalledAt = performance.now();
server.child.kill('SIGTERM');
const exit = await Promise.race([
    server.exited,
    new Promise((resolve) => setTimeout(() => resolve(null), kExitDeadlineMs)),
]);
stop = true;
await Promise.all(clients);

check(exit !== null, `the server exits within ${kExitDeadlineMs} ms of SIGTERM`,
      exit === null ? 'still running' : undefined);
if (exit === null) {
    server.child.kill('SIGKILL');
    await server.exited;
}
check(exit !== null && exit.code === 0, 'the server exits with status 0',
      exit ? `exit code ${exit.code}, signal ${exit.signal}` : 'killed');

const created = results.filter((r) => r.status === 201);
const before = results.filter((r) => r.flushedAt !== undefined && r.flushedAt < signalledAt);
const afterSignal = results.filter((r) => r.flushedAt === undefined || r.flushedAt >= signalledAt);
console.log(`# ${results.length} requests: ${created.length} answered 201, ${before.length} sent before SIGTERM, ` +
            `${afterSignal.length} after (${afterSignal.filter((r) => r.error).length} of them refused or reset)`);
check(created.length >= kClients, 'the load wrote something before the signal', `${created.length} writes`);

const unanswered = before.filter((r) => r.error);
check(unanswered.length === 0, 'every request sent before SIGTERM got a response',
      unanswered.slice(0, 5).map((r) => `${r.name}: ${r.error.code ?? r.error.message}`).join('; '));
const unexpected = results.filter((r) => r.status !== undefined && r.status !== 201);
check(unexpected.length === 0, 'every response to a write is 201',
      unexpected.slice(0, 5).map((r) => `${r.name}: ${r.status} ${r.body.slice(0, 200)}`).join('; '));

// The access log: one "request" line per response, with the response's X-Request-Id.
const logged = new Set();
let badLines = 0;
for (const line of server.stderr.split('\n')) {
    if (line === '') continue;
    try {
        const entry = JSON.parse(line);
        if (entry.message === 'request') logged.add(entry.request_id);
    } catch {
        badLines++;
    }
}
check(badLines === 0, 'every log line is a whole JSON object', `${badLines} unparsable lines`);
const missingLog = results.filter((r) => r.status !== undefined && !logged.has(r.headers['x-request-id']));
check(missingLog.length === 0, 'every response has its access-log line after shutdown',
      `${missingLog.length} missing, e.g. ${missingLog.slice(0, 3).map((r) => r.headers['x-request-id']).join(', ')}`);

const restarted = await startServer();
try {
    const names = await listNeighborhoods(restarted.port, await signIn(restarted.port));
    const lost = created.filter((r) => !names.has(r.name));
    check(lost.length === 0, 'every write answered 201 is there after a restart',
          `${lost.length} of ${created.length} lost, e.g. ${lost.slice(0, 3).map((r) => r.name).join(', ')}`);
} finally {
    restarted.child.kill('SIGTERM');
    await restarted.exited;
}
check(restarted.exit.code === 0, 'the restarted server also stops cleanly', `exit code ${restarted.exit.code}`);

if (db.startsWith('sqlite:')) {
    const integrity = spawnSync('sqlite3', [db.slice('sqlite:'.length), 'PRAGMA integrity_check'], { encoding: 'utf8' });
    check(integrity.status === 0 && integrity.stdout.trim() === 'ok', 'sqlite3 PRAGMA integrity_check says ok',
          `${integrity.status}: ${integrity.stdout}${integrity.stderr}`);
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
