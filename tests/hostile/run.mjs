// SPDX-License-Identifier: Apache-2.0
// Hostile input against the real binary, while a well-behaved client keeps working.
//
// For HOSTILE_SECONDS (default 10):
//   - a good client (demo-caseworker, keep-alive) does authenticated reads one after another (GET /api/v1/me and
//     GET /api/v1/consultations/{id}) and times each;
//   - 50 slowloris connections send a request line and then one header byte a second, never finishing;
//   - bursts of malformed and oversized requests on raw sockets, several at a time: bad request lines, 100 KB
//     headers (one header, or many), a 100 KB URL, 10 MB bodies (Content-Length and chunked), invalid UTF-8 (body,
//     path, query, header), invalid JSON, JSON nested 100 000 deep, contradictory framing.
// Then the good client keeps reading until the server has closed every slowloris connection (its read timeout is
// 15 s from a request's first byte; 20 s are allowed).
// Checks: the server never exits; every bad request is answered with a 4xx or the connection is closed (never a 2xx,
// never a 5xx, never left hanging); every good request succeeds within 2 s (p50 / p99 / max printed); afterwards the
// server still answers, and the slowloris connections did not keep the good client out.
//
// Usage: node run.mjs   with KASANE_BIN and KASANE_TEST_DB (sqlite:PATH or postgresql://...) set.
// Prints "ok - ..." / "not ok - ..." per check and "N passed, N failed"; exits 0 only when all passed.

import http from 'node:http';
import net from 'node:net';
import { Check, CreateConsultation, Describe, Environment, Finish, Request, RunKasane, SignIn, Sleep, StartServer,
         StopServer } from '../crash/harness.mjs';

const { bin, db } = Environment();
const kSeconds = Number(process.env.HOSTILE_SECONDS ?? 10);
const kSlowConnections = 50;
const kGoodDeadlineMs = 2000;
const kBadDeadlineMs = 10000;
const kReadTimeoutSeconds = 15;

RunKasane(bin, ['demo', '--db', db]);
const server = await StartServer(bin, db);
const session = await SignIn(server.port);
const created = await CreateConsultation(server.port, session, `hostile-${process.pid}`, 0);
if (created.status !== 201) throw new Error(`could not create a consultation to read: ${Describe(created)}`);
const consultationId = JSON.parse(created.body).id;

// Sends RAW (a Buffer, or an array of Buffers written in turn, respecting backpressure) on a new connection and
// resolves { status, closed, ms, error } from what comes back: the status of the first response line, if any.
function Raw(raw, deadlineMs = kBadDeadlineMs) {
    return new Promise((resolve) => {
        const started = performance.now();
        const socket = net.connect(server.port, '127.0.0.1');
        const received = [];
        let done = false;
        const finish = (how) => {
            if (done) return;
            done = true;
            clearTimeout(timer);
            socket.destroy();
            const text = Buffer.concat(received).toString('latin1');
            const match = text.match(/^HTTP\/1\.[01] (\d{3})/);
            resolve({ status: match ? Number(match[1]) : undefined, head: text.split('\r\n')[0], how,
                      ms: performance.now() - started });
        };
        const timer = setTimeout(() => finish('timeout'), deadlineMs);
        socket.on('data', (chunk) => {
            received.push(chunk);
            // One response is enough: once its head is complete there is nothing more to learn.
            if (Buffer.concat(received).includes('\r\n\r\n')) setTimeout(() => finish('answered'), 50);
        });
        socket.on('end', () => finish('closed'));
        socket.on('close', () => finish('closed'));
        socket.on('error', (error) => finish(`error ${error.code}`));
        socket.on('connect', async () => {
            const parts = Array.isArray(raw) ? raw : [raw];
            for (const part of parts) {
                if (done) return;
                if (!socket.write(part)) await new Promise((r) => { socket.once('drain', r); socket.once('close', r); });
            }
        });
    });
}

function Chunks(total, size, byte = 0x61) {
    const chunk = Buffer.alloc(size, byte);
    return Array.from({ length: Math.ceil(total / size) }, () => chunk);
}

const auth = `Cookie: ${session.cookie}\r\nX-CSRF-Token: ${session.csrf}\r\n`;
const jsonPost = (target, body) => Buffer.concat([
    Buffer.from(`POST ${target} HTTP/1.1\r\nHost: t\r\n${auth}Content-Type: application/json\r\n` +
                `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n`), body]);
const signInPost = (body) => Buffer.concat([
    Buffer.from('POST /api/v1/sessions HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n' +
                `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n`), body]);
const deep = (n) => Buffer.from('['.repeat(n) + ']'.repeat(n));
const deepObject = (n) => Buffer.from('{"a":'.repeat(n) + '1' + '}'.repeat(n));
const tenMegabytes = 10 * 1024 * 1024;

const kBadRequests = [
    ['garbage request line', Buffer.from('GARBAGE\r\n\r\n')],
    ['request line without a target', Buffer.from('GET\r\n\r\n')],
    ['unknown HTTP version', Buffer.from('GET / HTTP/9.9\r\nHost: t\r\n\r\n')],
    ['binary noise', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))],
    ['NUL in the request line', Buffer.from('GET /api/v1/me\0 HTTP/1.1\r\nHost: t\r\n\r\n')],
    ['header line without a colon', Buffer.from(`GET /api/v1/me HTTP/1.1\r\nHost: t\r\n${auth}this is not a header\r\n\r\n`)],
    ['one 100 KB header', Buffer.from(`GET /api/v1/me HTTP/1.1\r\nHost: t\r\nX-Big: ${'a'.repeat(100 * 1024)}\r\n\r\n`)],
    ['1000 headers of 100 bytes', Buffer.from(`GET /api/v1/me HTTP/1.1\r\nHost: t\r\n` +
        Array.from({ length: 1000 }, (_, i) => `X-H${i}: ${'b'.repeat(90)}\r\n`).join('') + '\r\n')],
    ['a 100 KB URL', Buffer.from(`GET /api/v1/persons?q=${'c'.repeat(100 * 1024)} HTTP/1.1\r\nHost: t\r\n${auth}\r\n`)],
    ['a 10 MB body with Content-Length', [Buffer.from(`POST /api/v1/consultations HTTP/1.1\r\nHost: t\r\n${auth}` +
        `Content-Type: application/json\r\nContent-Length: ${tenMegabytes}\r\n\r\n`), ...Chunks(tenMegabytes, 65536)]],
    ['a 10 MB chunked body', [Buffer.from(`POST /api/v1/consultations HTTP/1.1\r\nHost: t\r\n${auth}` +
        'Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n'),
        ...Chunks(tenMegabytes, 65536).map((c) => Buffer.concat([Buffer.from('10000\r\n'), c, Buffer.from('\r\n')])),
        Buffer.from('0\r\n\r\n')]],
    ['a 10 MB Content-Length, unauthenticated', [Buffer.from('POST /api/v1/sessions HTTP/1.1\r\nHost: t\r\n' +
        `Content-Type: application/json\r\nContent-Length: ${tenMegabytes}\r\n\r\n`), ...Chunks(tenMegabytes, 65536)]],
    ['an absurd Content-Length', Buffer.from('POST /api/v1/sessions HTTP/1.1\r\nHost: t\r\nContent-Length: 99999999999999999999\r\n\r\n{}')],
    ['a negative Content-Length', Buffer.from('POST /api/v1/sessions HTTP/1.1\r\nHost: t\r\nContent-Length: -5\r\n\r\n{}')],
    ['Content-Length and chunked together', Buffer.from('POST /api/v1/sessions HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n' +
        'Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n')],
    ['two different Content-Lengths', Buffer.from('POST /api/v1/sessions HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n' +
        'Content-Length: 3\r\n\r\n{}')],
    ['a bad chunk size', Buffer.from('POST /api/v1/sessions HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n')],
    ['invalid UTF-8 in a JSON body', jsonPost('/api/v1/consultations', Buffer.concat([
        Buffer.from('{"chief_complaint": "'), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from('"}')]))],
    ['invalid UTF-8 in the sign-in', signInPost(Buffer.concat([Buffer.from('{"username":"'),
        Buffer.from([0xed, 0xa0, 0x80, 0xf8]), Buffer.from('","password":"x"}')]))],
    ['invalid JSON', jsonPost('/api/v1/consultations', Buffer.from('{"first_contact": {"channel": "phone",'))],
    ['JSON of the wrong shape', jsonPost('/api/v1/consultations', Buffer.from('[1, 2, 3]'))],
    ['a lone surrogate escape in JSON', jsonPost('/api/v1/consultations', Buffer.from('{"chief_complaint": "\\ud800"}'))],
    ['JSON arrays nested 100 000 deep', jsonPost('/api/v1/consultations', deep(100000))],
    ['JSON objects nested 50 000 deep', jsonPost('/api/v1/consultations', deepObject(50000))],
    ['invalid UTF-8 in the path', Buffer.concat([Buffer.from('GET /api/v1/'), Buffer.from([0xff, 0xc0]),
        Buffer.from(` HTTP/1.1\r\nHost: t\r\n${auth}Connection: close\r\n\r\n`)])],
    ['invalid UTF-8 percent-encoded in the query', Buffer.from(`GET /api/v1/persons?q=%FF%FE%C3%28 HTTP/1.1\r\nHost: t\r\n${auth}Connection: close\r\n\r\n`)],
    ['a bad percent escape', Buffer.from(`GET /api/v1/persons?q=%zz%4 HTTP/1.1\r\nHost: t\r\n${auth}Connection: close\r\n\r\n`)],
    ['invalid UTF-8 in the cookie', Buffer.concat([Buffer.from('GET /api/v1/me HTTP/1.1\r\nHost: t\r\nCookie: kasane_session='),
        Buffer.from([0xff, 0xfe, 0x80]), Buffer.from('\r\nConnection: close\r\n\r\n')])],
    ['a path escaping upwards', Buffer.from('GET /../../../../etc/passwd HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n')],
    ['an id that is not a number', Buffer.from(`GET /api/v1/consultations/1e999 HTTP/1.1\r\nHost: t\r\n${auth}Connection: close\r\n\r\n`)],
    ['an id beyond 64 bits', Buffer.from(`GET /api/v1/consultations/99999999999999999999999 HTTP/1.1\r\nHost: t\r\n${auth}Connection: close\r\n\r\n`)],
];

// The good client.
const good = [];
let stopGood = false;
async function GoodClient() {
    // From its own address (loopback has a whole /8): the attack comes from 127.0.0.1, and the server caps each
    // address's connections (src/http/connection_limits.hpp), closing that address's oldest idle ones first.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1, localAddress: '127.0.0.2' });
    for (let i = 0; !stopGood; i++) {
        const target = i % 2 === 0 ? '/api/v1/me' : `/api/v1/consultations/${consultationId}`;
        const response = await Request(server.port, 'GET', target, { headers: { Cookie: session.cookie }, agent,
                                                                     timeoutMs: 10000 });
        good.push({ target, status: response.status, error: response.error, ms: response.ms });
        await Sleep(20);
    }
    agent.destroy();
}

// The slowloris connections: a request line, then one header byte a second.
const slow = { opened: 0, closedByServer: 0, answered: [] };
const slowSockets = [];
function Slowloris() {
    for (let i = 0; i < kSlowConnections; i++) {
        const socket = net.connect(server.port, '127.0.0.1');
        const state = { socket, timer: null, closing: false };
        slowSockets.push(state);
        socket.on('connect', () => {
            slow.opened++;
            socket.write(`GET /api/v1/me HTTP/1.1\r\nHost: t\r\nX-Slow-${i}: `);
            state.timer = setInterval(() => { if (!socket.destroyed) socket.write('s'); }, 1000);
        });
        socket.on('data', (chunk) => slow.answered.push(chunk.toString('latin1').split('\r\n')[0]));
        socket.on('close', () => {
            clearInterval(state.timer);
            if (!state.closing) slow.closedByServer++;
        });
        socket.on('error', () => {});
    }
}

const goodClient = GoodClient();
const slowStarted = performance.now();
Slowloris();
const bad = [];
const deadline = performance.now() + kSeconds * 1000;
let bursts = 0;
while (performance.now() < deadline) {
    bursts++;
    // Four at a time, in a shuffled order.
    const order = kBadRequests.map((entry) => ({ entry, key: Math.random() })).sort((a, b) => a.key - b.key);
    for (let i = 0; i < order.length; i += 4) {
        const results = await Promise.all(order.slice(i, i + 4).map(async ({ entry: [name, raw] }) =>
            ({ name, ...(await Raw(raw)) })));
        bad.push(...results);
    }
    if (server.exit !== null) break;
}
// The server gives a request kReadTimeoutSeconds from its first byte (src/http/server.hpp, read_timeout): by then
// every slowloris connection must have been closed by the server, while the good client still reads.
while (slow.closedByServer < slow.opened && performance.now() - slowStarted < (kReadTimeoutSeconds + 5) * 1000) {
    await Sleep(250);
}
const slowHeldMs = performance.now() - slowStarted;
await Sleep(500);
stopGood = true;
await goodClient;
for (const state of slowSockets) {
    state.closing = true;
    clearInterval(state.timer);
    state.socket.destroy();
}

Check(server.exit === null, 'the server is still running after the attack', JSON.stringify(server.exit));

const acceptable = (r) => (r.status !== undefined ? r.status >= 400 && r.status < 500 : r.how === 'closed' || r.how.startsWith('error'));
const wrong = bad.filter((r) => !acceptable(r));
const byName = new Map();
for (const r of bad) {
    const outcome = r.status !== undefined ? String(r.status) : r.how;
    byName.set(r.name, new Set([...(byName.get(r.name) ?? []), outcome]));
}
console.log(`# ${bursts} bursts, ${bad.length} bad requests:`);
for (const [name, outcomes] of byName) console.log(`#   ${name}: ${[...outcomes].join(', ')}`);
Check(bad.length >= kBadRequests.length && wrong.length === 0,
      'every bad request got a 4xx or a closed connection (no 2xx, no 5xx, none left hanging)',
      wrong.slice(0, 10).map((r) => `${r.name}: ${r.status ?? r.how} ${r.head.slice(0, 80)}`).join('\n    '));

const times = good.map((g) => g.ms).sort((a, b) => a - b);
const pick = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? NaN;
const failures = good.filter((g) => g.status !== 200 || g.ms > kGoodDeadlineMs);
console.log(`# good client: ${good.length} authenticated reads, p50 ${pick(0.5).toFixed(1)} ms, ` +
            `p99 ${pick(0.99).toFixed(1)} ms, max ${times.at(-1)?.toFixed(1)} ms`);
Check(good.length >= kSeconds * 5, 'the good client kept working during the attack', `${good.length} reads`);
Check(failures.length === 0, `every good read was answered 200 within ${kGoodDeadlineMs} ms`,
      failures.slice(0, 5).map((g) => `${g.target}: ${g.status ?? g.error?.message} in ${g.ms.toFixed(0)} ms`).join('; '));

console.log(`# slowloris: ${slow.opened} of ${kSlowConnections} connected, ${slow.closedByServer} closed by the server ` +
            `after ${(slowHeldMs / 1000).toFixed(1)} s, ` +
            `answers: ${[...new Set(slow.answered)].join(', ') || 'none'}`);
Check(slow.opened === kSlowConnections, `all ${kSlowConnections} slowloris connections were made (the attack happened)`);
Check(slow.closedByServer === slow.opened,
      `the server closed every slowloris connection within ${kReadTimeoutSeconds + 5} s of its first byte`,
      `${slow.closedByServer} of ${slow.opened} closed after ${(slowHeldMs / 1000).toFixed(1)} s`);
const slowWrong = slow.answered.filter((line) => !/^HTTP\/1\.[01] 4\d\d/.test(line));
Check(slowWrong.length === 0, 'a slowloris connection is only ever answered with a 4xx (or closed)', slowWrong.join('; '));

const after = await Request(server.port, 'GET', '/api/v1/me', { headers: { Cookie: session.cookie } });
Check(after.status === 200, 'afterwards the server answers a fresh connection', Describe(after));
const exit = await StopServer(server);
Check(exit.code === 0, 'and stops cleanly on SIGTERM', JSON.stringify(exit));
Finish();
