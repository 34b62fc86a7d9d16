// SPDX-License-Identifier: Apache-2.0
// Connections per client address, and whose address X-Forwarded-For may set (issue 11, item 10), against the real
// binary. Loopback has a whole /8, so each "client" below is its own 127.0.0.x address (Node's localAddress).
//
//   1. 1,100 idle connections from 127.0.0.2 (more than the server's 1,024 in all): /healthz from another address,
//      and from 127.0.0.2 itself on a fresh connection, still answers 200 quickly; the server closed the flood's
//      connections beyond the idle cap (16) instead of answering everyone 503;
//   2. 80 connections from 127.0.0.3 that each start a request and never finish it (busy, not idle): at most the
//      concurrent cap (64) are held, the rest are closed at once, and another address is served meanwhile;
//   3. X-Forwarded-For from a peer that is not a trusted proxy is ignored: 20 failed sign-ins from 127.0.0.4, each
//      claiming another address, still count against 127.0.0.4 (its next sign-in, with the right password, is
//      refused) while 127.0.0.5 signs in; the access log records the real peer;
//   4. with --trusted-proxies 127.0.0.6 the same header from 127.0.0.6 is believed, and from 127.0.0.7 it is not.
//
// Usage: node run.mjs   with KASANE_BIN and KASANE_TEST_DB (sqlite:PATH or postgresql://...) set.
// Prints "ok - ..." / "not ok - ..." per check and "N passed, N failed"; exits 0 only when all passed.

import http from 'node:http';
import net from 'node:net';
import { Check, Environment, Finish, RunKasane, Sleep, StartServer, StopServer } from '../crash/harness.mjs';

const { bin, db } = Environment();
const kFlood = 1100;
const kIdleCap = 16;
const kBusyCap = 64;

RunKasane(bin, ['demo', '--db', db]);
let server = await StartServer(bin, db);

// One request from `from`, on its own connection. Resolves { status, body, ms } or { error, ms }.
function RequestFrom(from, method, target, { headers = {}, body, timeoutMs = 5000 } = {}) {
    return new Promise((resolve) => {
        const started = performance.now();
        const allHeaders = { Connection: 'close', ...headers };
        if (body !== undefined) allHeaders['Content-Length'] = Buffer.byteLength(body);
        const request = http.request({ host: '127.0.0.1', port: server.port, localAddress: from, method, path: target,
                                       headers: allHeaders, agent: false }, (response) => {
            const chunks = [];
            response.on('data', (chunk) => chunks.push(chunk));
            response.on('end', () => resolve({ status: response.statusCode, headers: response.headers,
                                               body: Buffer.concat(chunks).toString('utf8'),
                                               ms: performance.now() - started }));
        });
        request.setTimeout(timeoutMs, () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
        request.on('error', (error) => resolve({ error, ms: performance.now() - started }));
        if (body !== undefined) request.write(body);
        request.end();
    });
}

// Opens `count` connections from `from`, `batch` at a time; `greeting` (optional) is written on each once
// connected. Resolves the sockets' states: { socket, connected, closed }.
async function Flood(from, count, { greeting, batch = 100 } = {}) {
    const states = [];
    for (let i = 0; i < count; i += batch) {
        await Promise.all(Array.from({ length: Math.min(batch, count - i) }, () => new Promise((resolve) => {
            const socket = net.connect({ host: '127.0.0.1', port: server.port, localAddress: from });
            const state = { socket, connected: false, closed: false };
            states.push(state);
            socket.on('connect', () => {
                state.connected = true;
                if (greeting) socket.write(greeting);
                resolve();
            });
            socket.on('close', () => { state.closed = true; resolve(); });
            socket.on('error', () => {});
            setTimeout(resolve, 3000);
        })));
    }
    return states;
}

const open = (states) => states.filter((s) => s.connected && !s.closed).length;

// 1. An idle flood.
const flood = await Flood('127.0.0.2', kFlood);
const connected = flood.filter((s) => s.connected).length;
const other = await RequestFrom('127.0.0.9', 'GET', '/healthz');
Check(other.status === 200 && other.ms < 1000, `with ${connected} connections made from one address, /healthz from another answers 200 quickly`,
      `${other.status ?? other.error?.message} in ${other.ms.toFixed(0)} ms`);
const same = await RequestFrom('127.0.0.2', 'GET', '/healthz');
Check(same.status === 200 && same.ms < 1000, 'and from the flooding address itself on a fresh connection',
      `${same.status ?? same.error?.message} in ${same.ms.toFixed(0)} ms`);
await Sleep(500);
const stillOpen = open(flood);
console.log(`# idle flood: ${connected} of ${kFlood} connected, ${stillOpen} still open`);
Check(connected >= 1025, 'the flood made more connections than the server holds in all (the attack happened)', `${connected}`);
Check(stillOpen <= kIdleCap, `the server kept at most ${kIdleCap} idle connections of the flooding address`, `${stillOpen}`);
const metrics = await RequestFrom('127.0.0.9', 'GET', '/healthz');
Check(metrics.status === 200, 'the server still answers after the flood', `${metrics.status ?? metrics.error?.message}`);
for (const state of flood) state.socket.destroy();

// 2. Busy connections: a request started and never finished.
const busy = await Flood('127.0.0.3', 80, { greeting: 'GET /healthz HTTP/1.1\r\nHost: t\r\nX-Slow: ', batch: 10 });
await Sleep(500);
const busyOpen = open(busy);
console.log(`# busy: ${busy.filter((s) => s.connected).length} connected, ${busyOpen} held by the server`);
Check(busyOpen <= kBusyCap && busyOpen > kIdleCap,
      `of 80 unfinished requests from one address, the server held at most ${kBusyCap} and closed the rest`, `${busyOpen}`);
const during = await RequestFrom('127.0.0.9', 'GET', '/healthz');
Check(during.status === 200 && during.ms < 1000, 'another address is served meanwhile',
      `${during.status ?? during.error?.message} in ${during.ms.toFixed(0)} ms`);
for (const state of busy) state.socket.destroy();

// 3. X-Forwarded-For from an untrusted peer.
const signIn = (from, username, password, forwardedFor, requestId) => RequestFrom(from, 'POST', '/api/v1/sessions', {
    headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': forwardedFor, 'X-Request-Id': requestId },
    body: JSON.stringify({ username, password }) });
for (let i = 0; i < 20; i++) {
    const failed = await signIn('127.0.0.4', `nobody-${i}`, 'wrong-password', `198.51.100.${i + 1}`, `forged-${process.pid}-${i}`);
    if (failed.status !== 401) Check(false, `failed sign-in ${i} answered 401`, `${failed.status ?? failed.error?.message}`);
}
const throttled = await signIn('127.0.0.4', 'demo-caseworker', 'kasane-demo', '198.51.100.200', `forged-${process.pid}-last`);
Check(throttled.status !== 201,
      '20 failures from one peer, each with a forged X-Forwarded-For, still throttle that peer: the right password is refused',
      `${throttled.status} ${throttled.body?.slice(0, 200)}`);
const elsewhere = await signIn('127.0.0.5', 'demo-caseworker', 'kasane-demo', '198.51.100.201', `real-${process.pid}`);
Check(elsewhere.status === 201, 'while another address signs in', `${elsewhere.status} ${elsewhere.body?.slice(0, 200)}`);
await Sleep(300);
const logged = (requestId) => server.stderr.split('\n').filter((line) => line.includes(`"request_id":"${requestId}"`) &&
                                                                      line.includes('"message":"request"'));
const forgedLine = logged(`forged-${process.pid}-0`)[0] ?? '';
Check(forgedLine.includes('"remote_address":"127.0.0.4"') && !forgedLine.includes('198.51.100'),
      'the access log records the real peer, not the forged X-Forwarded-For', forgedLine);
await StopServer(server);

// 4. A trusted proxy.
server = await StartServer(bin, db, ['--trusted-proxies', '127.0.0.6']);
await RequestFrom('127.0.0.6', 'GET', '/healthz', { headers: { 'X-Forwarded-For': '203.0.113.5', 'X-Request-Id': `proxied-${process.pid}` } });
await RequestFrom('127.0.0.7', 'GET', '/healthz', { headers: { 'X-Forwarded-For': '203.0.113.6', 'X-Request-Id': `direct-${process.pid}` } });
await Sleep(300);
const proxiedLine = logged(`proxied-${process.pid}`)[0] ?? '';
const directLine = logged(`direct-${process.pid}`)[0] ?? '';
Check(proxiedLine.includes('"remote_address":"203.0.113.5"'), 'from a trusted proxy, X-Forwarded-For gives the client address', proxiedLine);
Check(directLine.includes('"remote_address":"127.0.0.7"'), 'from any other peer it is ignored', directLine);
const exit = await StopServer(server);
Check(exit.code === 0, 'the server stops cleanly', JSON.stringify(exit));
Finish();
