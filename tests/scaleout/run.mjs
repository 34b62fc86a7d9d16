// SPDX-License-Identifier: Apache-2.0
// Scale-out against the real binary: two `kasane serve --trust-proxy` processes on one PostgreSQL database behind
// nginx (the Debian package, started in the foreground with a configuration, pid file and temporary paths of its own
// in a temporary directory, listening on a free loopback port).
//
//   1. a session made through one process works through the other (the same cookie sent to each directly): reads,
//      a write with its CSRF token, and signing out through one ends it on both; a consent given and withdrawn
//      through one opens and closes a person's record to a partner through the other at once;
//   2. with --trust-proxy, X-Forwarded-Proto: https marks the session cookie Secure, and the access log records the
//      X-Forwarded-For address; through nginx (which sets the header to the peer it sees) a client cannot forge it;
//   3. a write load through nginx loses nothing: every write acknowledged through the proxy is read back whole from
//      each process directly;
//   4. both processes served requests of the load (their access logs).
//
// Usage: node run.mjs   with KASANE_BIN and KASANE_TEST_DB (postgresql://...) set; NGINX_BIN (default: nginx on
// PATH or /usr/sbin/nginx). Fails, never skips, when nginx is missing. SCALEOUT_SECONDS (default 3) sets the load.
// Prints "ok - ..." / "not ok - ..." per check and "N passed, N failed"; exits 0 only when all passed.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Check, Describe, Environment, FindProgram, Finish, GetConsultation, Request, RunKasane, SignIn, Sleep,
         StartDaemon, StartServer, StopDaemon, StopServer, VerifyWrites, WriteLoad } from '../crash/harness.mjs';

const { bin, db } = Environment();
if (!db.startsWith('postgresql:') && !db.startsWith('postgres:')) {
    console.error('the scale-out test needs a PostgreSQL database (KASANE_TEST_DB=postgresql://...)');
    process.exit(2);
}
const kSeconds = Number(process.env.SCALEOUT_SECONDS ?? 3);
const kClients = 6;

const nginxBin = FindProgram('nginx', 'NGINX_BIN');
if (!nginxBin) {
    Check(false, 'nginx is installed', 'nginx was not found on PATH nor in /usr/sbin: run scripts/setup.sh ' +
          '(it installs the Debian package nginx) or set NGINX_BIN');
    Finish();
}

// Starts nginx in the foreground on a free port with everything it writes under DIR. Resolves { child, port, exited }
// once the port answers.
function StartNginx(dir, upstreams) {
    const prepare = (port) => {
        for (const sub of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(path.join(dir, sub), { recursive: true });
        const config = path.join(dir, 'nginx.conf');
        // As root, nginx would hand its workers to "nobody", who may not write our temporary directory.
        const user = process.getuid?.() === 0 ? 'user root;\n' : '';
        writeFileSync(config, `${user}daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 512; }
http {
    access_log ${dir}/access.log;
    client_body_temp_path ${dir}/client_body;
    proxy_temp_path ${dir}/proxy;
    fastcgi_temp_path ${dir}/fastcgi;
    uwsgi_temp_path ${dir}/uwsgi;
    scgi_temp_path ${dir}/scgi;
    upstream kasane {
${upstreams.map((p) => `        server 127.0.0.1:${p};`).join('\n')}
        keepalive 16;
    }
    server {
        listen 127.0.0.1:${port};
        client_max_body_size 1m;
        location / {
            proxy_pass http://kasane;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            # Kasane believes the first address of X-Forwarded-For: nginx faces the clients, so it sets the header
            # to the peer it sees instead of appending to whatever a client sent (docs/deployment.md).
            proxy_set_header X-Forwarded-For $remote_addr;
            proxy_set_header X-Forwarded-Proto $scheme;
        }
    }
}
`);
        return [nginxBin, ['-p', dir, '-e', `${dir}/error.log`, '-c', config]];
    };
    const ready = async (port) => (await Request(port, 'GET', '/healthz', { timeoutMs: 1000 })).status !== undefined;
    return StartDaemon({ name: 'nginx', prepare, ready, logFile: `${dir}/error.log` });
}

RunKasane(bin, ['demo', '--db', db]);
const work = mkdtempSync(path.join(os.tmpdir(), 'kasane-scaleout-'));
const first = await StartServer(bin, db, ['--trust-proxy']);
const second = await StartServer(bin, db, ['--trust-proxy']);
let nginx = null;
try {
    nginx = await StartNginx(work, [first.port, second.port]);
    console.log(`# kasane on ${first.port} and ${second.port}, nginx (${nginxBin}) on ${nginx.port}`);

    // 1. One session, two processes.
    const session = await SignIn(first.port);
    const meFirst = await Request(first.port, 'GET', '/api/v1/me', { headers: { Cookie: session.cookie } });
    const meSecond = await Request(second.port, 'GET', '/api/v1/me', { headers: { Cookie: session.cookie } });
    Check(meFirst.status === 200 && meSecond.status === 200 && JSON.parse(meSecond.body).user?.username === 'demo-caseworker',
          'a session made through one process reads through the other', `${Describe(meFirst)} / ${Describe(meSecond)}`);
    const probe = [];
    await WriteLoad({ port: second.port, session, clients: 1, prefix: `scaleout-${process.pid}-cross`,
                      shouldStop: () => false, writes: probe, maxWrites: 1 });
    Check(probe.length === 1 && probe[0].created === 'acked' && probe[0].followUp === 'acked',
          'the same cookie and CSRF token write through the other process', JSON.stringify(probe[0]?.statuses));
    if (probe[0]?.id) {
        const back = await GetConsultation(first.port, session, probe[0].id);
        Check(back.status === 200 && JSON.parse(back.body).contacts.length === 2,
              'the write made through the second process reads back whole through the first', Describe(back));
    }
    const other = await SignIn(second.port);
    const signOut = await Request(second.port, 'DELETE', '/api/v1/sessions/current',
                                  { headers: { Cookie: other.cookie, 'X-CSRF-Token': other.csrf } });
    const afterSignOut = await Request(first.port, 'GET', '/api/v1/me', { headers: { Cookie: other.cookie } });
    Check(signOut.status === 204 && afterSignOut.status === 401,
          'signing out through one process ends the session on the other', `${Describe(signOut)} / ${Describe(afterSignOut)}`);

    // 1b. A consent withdrawn through one process closes the record through the other at once (issue 18, item 4:
    // each process keeps the access facts it read, and uses them only while the person's access version, which the
    // database raises with every change to them, is unchanged).
    const npo = await SignIn(first.port, 'demo-npo');
    const npoMe = await Request(first.port, 'GET', '/api/v1/me', { headers: { Cookie: npo.cookie } });
    const npoOrganization = JSON.parse(npoMe.body ?? '{}').user?.organization_id;
    const writing = { 'Content-Type': 'application/json', Cookie: session.cookie, 'X-CSRF-Token': session.csrf };
    const created = await Request(second.port, 'POST', '/api/v1/persons', { headers: writing, body: JSON.stringify({
        family_name: '同意', given_name: `撤回${process.pid}`, family_name_kana: 'ドウイ', given_name_kana: 'テッカイ',
        birth_date: '1980-01-01', sex: 'female' }) });
    const personId = JSON.parse(created.body ?? '{}').id;
    const readAsNpo = () => Request(first.port, 'GET', `/api/v1/persons/${personId}`, { headers: { Cookie: npo.cookie } });
    const beforeConsent = await readAsNpo();
    const consent = await Request(second.port, 'POST', `/api/v1/persons/${personId}/consents`, { headers: writing,
        body: JSON.stringify({ organizations: [npoOrganization], purpose: '情報共有', given_on: '2024-04-01',
                               method: 'written', explanation_version: 'v2' }) });
    const whileConsented = [await readAsNpo(), await readAsNpo()];
    const withdrawn = await Request(second.port, 'POST', `/api/v1/consents/${JSON.parse(consent.body ?? '{}').id}/withdraw`,
                                    { headers: writing });
    const afterWithdrawal = await readAsNpo();
    Check(created.status === 201 && beforeConsent.status === 404 && consent.status === 201 &&
          whileConsented.every((r) => r.status === 200) && withdrawn.status === 200 && afterWithdrawal.status === 404,
          'a consent given and withdrawn through one process opens and closes the record through the other at once',
          [created, beforeConsent, consent, ...whileConsented, withdrawn, afterWithdrawal].map(Describe).join(' / '));

    // 2. --trust-proxy believes X-Forwarded-Proto.
    const body = JSON.stringify({ username: 'demo-caseworker', password: 'kasane-demo' });
    const secure = await Request(first.port, 'POST', '/api/v1/sessions', {
        headers: { 'Content-Type': 'application/json', 'X-Forwarded-Proto': 'https', 'X-Forwarded-For': '203.0.113.7' }, body });
    const cookie = [].concat(secure.headers?.['set-cookie'] ?? []).find((c) => c.startsWith('kasane_session=')) ?? '';
    Check(secure.status === 201 && /;\s*Secure/i.test(cookie),
          'with --trust-proxy, a sign-in forwarded as https gets a Secure cookie', `${Describe(secure)} cookie: ${cookie}`);
    const viaProxy = await Request(nginx.port, 'GET', '/api/v1/me', { headers: { Cookie: session.cookie } });
    Check(viaProxy.status === 200, 'the session reads through nginx', Describe(viaProxy));

    // The address in the access log: the forwarded one when a request comes straight from the trusted proxy's
    // position, the proxy's peer when a client tries to forge one through nginx.
    const direct = `direct${process.pid}x${Date.now()}`;
    const forged = `forged${process.pid}x${Date.now()}`;
    await Request(first.port, 'GET', '/healthz', { headers: { 'X-Forwarded-For': '203.0.113.7', 'X-Request-Id': direct } });
    for (let i = 0; i < 2; i++) {  // twice, so that whichever process nginx picks, one line is there to find
        await Request(nginx.port, 'GET', '/healthz', { headers: { 'X-Forwarded-For': '198.51.100.9', 'X-Request-Id': `${forged}${i}` } });
    }
    await Sleep(200);
    const logged = (id) => `${first.stderr}${second.stderr}`.split('\n').filter((line) => line.includes(`"request_id":"${id}`))
        .map((line) => JSON.parse(line).remote_address);
    Check(logged(direct).length === 1 && logged(direct)[0] === '203.0.113.7',
          'with --trust-proxy, the access log records the X-Forwarded-For address', JSON.stringify(logged(direct)));
    Check(logged(forged).length === 2 && logged(forged).every((a) => a === '127.0.0.1'),
          'a client cannot forge its address through nginx (the log records what nginx saw)', JSON.stringify(logged(forged)));

    // 3. A write load through nginx.
    const before = { first: first.requests, second: second.requests };
    const writes = [];
    let stop = false;
    const load = WriteLoad({ port: nginx.port, session, clients: kClients, prefix: `scaleout-${process.pid}`,
                             shouldStop: () => stop, writes });
    await Sleep(kSeconds * 1000);
    stop = true;
    await load;
    const served = { first: first.requests - before.first, second: second.requests - before.second };
    const statuses = writes.flatMap((w) => w.statuses);
    const bad = statuses.filter((s) => typeof s !== 'number' || s < 200 || s >= 300);
    const acked = writes.filter((w) => w.created === 'acked');
    console.log(`# load through nginx for ${kSeconds} s, ${kClients} clients: ${statuses.length} requests, ` +
                `${acked.length} consultations and ${writes.filter((w) => w.followUp === 'acked').length} follow-ups ` +
                `acknowledged; served by the first process ${served.first}, by the second ${served.second}`);
    Check(acked.length > kClients && bad.length === 0, 'every write through nginx was acknowledged',
          `${bad.length} failures: ${bad.slice(0, 10).join(', ')}`);
    const half = Math.ceil(acked.length / 2);
    const viaFirst = await VerifyWrites(first.port, session, acked.slice(0, half));
    const viaSecond = await VerifyWrites(second.port, session, acked.slice(half));
    Check(viaFirst.problems.length === 0 && viaSecond.problems.length === 0 &&
          viaFirst.checked + viaSecond.checked === acked.length,
          `all ${acked.length} acknowledged consultations read back whole, half from each process directly`,
          [...viaFirst.problems, ...viaSecond.problems].slice(0, 5).join('\n    '));

    // 4. Both processes did part of the work (their access logs, read as they were written).
    await Sleep(200);
    const servedNow = { first: first.requests - before.first, second: second.requests - before.second };
    Check(servedNow.first >= statuses.length / 10 && servedNow.second >= statuses.length / 10,
          'both processes served the load through nginx (each at least a tenth)', JSON.stringify(servedNow));
} finally {
    if (nginx) {
        await StopDaemon(nginx, 'SIGQUIT');
    }
    const exits = [await StopServer(first), await StopServer(second)];
    Check(exits.every((e) => e.code === 0), 'both kasane processes stop cleanly', JSON.stringify(exits));
    rmSync(work, { recursive: true, force: true });
}
Finish();
