// SPDX-License-Identifier: Apache-2.0
// Shared pieces of the fault suites (tests/crash, tests/backup, tests/scaleout, tests/hostile, tests/pooler,
// tests/replica): the real binary, raw HTTP, sign-in, the consultation write load, direct reads of the database
// (sqlite3 / psql) for the checks that must not trust the server, and the Debian daemons (nginx, pgbouncer) started
// in the foreground beside it.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';

let passed = 0;
let failed = 0;

// Prints "ok - TITLE" or "not ok - TITLE" (and DETAIL); the exit status of Finish() counts the failures.
export function Check(ok, title, detail) {
    if (ok) {
        passed++;
        console.log(`ok - ${title}`);
    } else {
        failed++;
        console.log(`not ok - ${title}`);
        if (detail) console.log(`    ${detail}`);
    }
    return ok;
}

export function Finish() {
    console.log(`${passed} passed, ${failed} failed`);
    process.exit(failed === 0 && passed > 0 ? 0 : 1);
}

export function Sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
}

// KASANE_BIN and KASANE_TEST_DB, or exit 2 with a message.
export function Environment() {
    const bin = process.env.KASANE_BIN;
    const db = process.env.KASANE_TEST_DB;
    if (!bin || !db) {
        console.error('KASANE_BIN and KASANE_TEST_DB must be set');
        process.exit(2);
    }
    return { bin, db };
}

// Runs a kasane command to completion; throws with its output when it fails.
export function RunKasane(bin, args) {
    const result = spawnSync(bin, args, { encoding: 'utf8' });
    if (result.status !== 0) {
        throw new Error(`kasane ${args.join(' ')} failed (${result.status ?? result.signal}): ${result.stdout}${result.stderr}`);
    }
    return result;
}

// Starts `kasane serve --listen 127.0.0.1:0` and resolves once it prints its port. server.exited resolves with
// { code, signal } when the process ends; server.stderr accumulates the log.
export function StartServer(bin, db, extra = []) {
    return new Promise((resolve, reject) => {
        const child = spawn(bin, ['serve', '--db', db, '--listen', '127.0.0.1:0', ...extra],
                            { stdio: ['ignore', 'pipe', 'pipe'] });
        // requests: access-log lines seen so far (one per response the server sent).
        const server = { child, port: 0, stderr: '', exit: null, requests: 0 };
        let stdout = '';
        let partial = '';
        const timer = setTimeout(() => reject(new Error(`server did not start: ${stdout}${server.stderr.slice(-2000)}`)),
                                 30000);
        // Keep only the tail of the log: a long load writes many lines and the fault suites do not read them all.
        child.stderr.on('data', (chunk) => {
            const text = chunk.toString();
            server.stderr = (server.stderr + text).slice(-200000);
            const lines = (partial + text).split('\n');
            partial = lines.pop();
            server.requests += lines.filter((line) => line.includes('"message":"request"')).length;
        });
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
                server.exit = { code, signal };
                if (server.port === 0) reject(new Error(`server exited ${code ?? signal} before listening: ${stdout}${server.stderr.slice(-2000)}`));
                done(server.exit);
            });
        });
    });
}

export async function StopServer(server, signal = 'SIGTERM') {
    if (server.exit === null) server.child.kill(signal);
    return server.exited;
}

// One request. Resolves { status, headers, body, ms } or { error, ms }.
export function Request(port, method, target, { headers = {}, body, agent = false, timeoutMs = 20000 } = {}) {
    return new Promise((resolve) => {
        const started = performance.now();
        const allHeaders = { ...headers };
        if (body !== undefined) allHeaders['Content-Length'] = Buffer.byteLength(body);
        const req = http.request({ host: '127.0.0.1', port, method, path: target, headers: allHeaders, agent }, (res) => {
            const chunks = [];
            res.on('data', (chunk) => chunks.push(chunk));
            res.on('end', () => resolve({ status: res.statusCode, headers: res.headers,
                                          body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }));
            res.on('error', (error) => resolve({ error, ms: performance.now() - started }));
        });
        req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
        req.on('error', (error) => resolve({ error, ms: performance.now() - started }));
        if (body !== undefined) req.write(body);
        req.end();
    });
}

export function Describe(response) {
    if (!response) return 'no response';
    if (response.error) return `${response.error.code ?? ''} ${response.error.message}`;
    return `${response.status} ${response.body.slice(0, 300)}`;
}

export async function SignIn(port, username = 'demo-caseworker') {
    const body = JSON.stringify({ username, password: 'kasane-demo' });
    const response = await Request(port, 'POST', '/api/v1/sessions',
                                   { headers: { 'Content-Type': 'application/json' }, body });
    if (response.error || response.status !== 201) throw new Error(`sign-in failed: ${Describe(response)}`);
    const cookie = [].concat(response.headers['set-cookie'] ?? []).map((c) => c.split(';')[0])
        .find((c) => c.startsWith('kasane_session='));
    const csrf = JSON.parse(response.body).csrf_token;
    if (!cookie || !csrf) throw new Error(`sign-in gave no cookie or csrf_token: ${response.body}`);
    return { cookie, csrf };
}

function WriteHeaders(session) {
    return { 'Content-Type': 'application/json', Cookie: session.cookie, 'X-CSRF-Token': session.csrf };
}

const kKana = ['アイ', 'カキ', 'サシ', 'タチ', 'ナニ', 'ハヒ', 'マミ', 'ヤユ', 'ラリ', 'ワヲ'];

// The body of a new consultation about a new person, tagged with TAG (in chief_complaint and the first contact's
// summary) so that it can be recognised afterwards.
export function ConsultationBody(tag, index) {
    const kana = kKana[index % kKana.length];
    return JSON.stringify({
        new_person: { family_name: '試験', given_name: `太郎${index}`, family_name_kana: 'シケン',
                      given_name_kana: kana, birth_date: '1970-01-01', sex: 'male' },
        chief_complaint: tag,
        categories: [{ code: 'hikikomori', most_pressing: true }],
        first_contact: { occurred_at: '2024-05-01T01:30:00Z', channel: 'phone', source: 'self',
                         summary: `${tag} first`, summary_tag: 'fact' },
    });
}

export function FollowUpBody(tag) {
    return JSON.stringify({ occurred_at: '2024-05-08T01:00:00Z', channel: 'home_visit', source: 'self',
                            summary: `${tag} follow-up`, summary_tag: 'assessment' });
}

export function CreateConsultation(port, session, tag, index, agent = false) {
    return Request(port, 'POST', '/api/v1/consultations',
                   { headers: WriteHeaders(session), body: ConsultationBody(tag, index), agent });
}

export function AddFollowUp(port, session, id, tag, agent = false) {
    return Request(port, 'POST', `/api/v1/consultations/${id}/contacts`,
                   { headers: WriteHeaders(session), body: FollowUpBody(tag), agent });
}

export function GetConsultation(port, session, id, agent = false) {
    return Request(port, 'GET', `/api/v1/consultations/${id}`, { headers: { Cookie: session.cookie }, agent });
}

// The write load: CLIENTS concurrent clients, each creating a consultation and then adding a follow-up contact to it,
// until shouldStop() says so. Every attempt is recorded in `writes`:
//   { tag, created: 'acked' | 'unknown', id, followUp: 'acked' | 'unknown' | 'none', consultation (the 201 body) }
// A write is 'acked' only when the server answered 2xx; anything else (an error, a reset, a 5xx) is 'unknown'.
// `ports` is a function giving the port to use for each request (so that a load can go through a proxy).
export async function WriteLoad({ port, session, clients, prefix, shouldStop, writes, maxWrites = Infinity,
                                  keepAlive = true }) {
    const portOf = typeof port === 'function' ? port : () => port;
    async function Client(index) {
        const agent = keepAlive && index % 2 === 0 ? new http.Agent({ keepAlive: true, maxSockets: 1 }) : false;
        for (let sequence = 0; !shouldStop() && sequence < maxWrites; sequence++) {
            const tag = `${prefix}-${index}-${sequence}`;
            const write = { tag, created: 'unknown', id: null, followUp: 'none', statuses: [] };
            writes.push(write);
            const created = await CreateConsultation(portOf(), session, tag, sequence, agent);
            write.statuses.push(created.status ?? created.error?.code ?? 'error');
            if (created.status >= 200 && created.status < 300) {
                write.created = 'acked';
                write.consultation = JSON.parse(created.body);
                write.id = write.consultation.id;
            } else {
                if (created.error) break;  // the server has gone: stop instead of spinning on refused connections
                continue;
            }
            if (shouldStop()) break;
            write.followUp = 'unknown';
            const followed = await AddFollowUp(portOf(), session, write.id, tag, agent);
            write.statuses.push(followed.status ?? followed.error?.code ?? 'error');
            if (followed.status >= 200 && followed.status < 300) {
                write.followUp = 'acked';
                write.consultation = JSON.parse(followed.body);
            } else if (followed.error) {
                break;
            }
        }
        if (agent) agent.destroy();
    }
    await Promise.all(Array.from({ length: clients }, (_, index) => Client(index)));
}

// Checks, through the API, that every acknowledged write of `writes` is there whole. Returns a list of problems.
export async function VerifyWrites(port, session, writes) {
    const problems = [];
    let checked = 0;
    const acked = writes.filter((w) => w.created === 'acked');
    // A few at a time: enough to be quick, few enough not to queue behind the server's pool.
    for (let i = 0; i < acked.length; i += 8) {
        await Promise.all(acked.slice(i, i + 8).map(async (write) => {
            const response = await GetConsultation(port, session, write.id);
            checked++;
            if (response.status !== 200) {
                problems.push(`${write.tag} (id ${write.id}): GET gave ${Describe(response)}`);
                return;
            }
            const consultation = JSON.parse(response.body);
            const summaries = consultation.contacts.map((c) => c.summary);
            if (consultation.chief_complaint !== write.tag) {
                problems.push(`${write.tag} (id ${write.id}): chief_complaint is ${consultation.chief_complaint}`);
            }
            if (!summaries.includes(`${write.tag} first`)) {
                problems.push(`${write.tag} (id ${write.id}): the first contact is missing (${summaries.join(', ')})`);
            }
            const followUps = summaries.filter((s) => s === `${write.tag} follow-up`).length;
            if (write.followUp === 'acked' && followUps !== 1) {
                problems.push(`${write.tag} (id ${write.id}): acknowledged follow-up found ${followUps} times`);
            }
            if (write.followUp === 'none' && followUps !== 0) {
                problems.push(`${write.tag} (id ${write.id}): a follow-up that was never sent is there`);
            }
            if (followUps > 1) problems.push(`${write.tag} (id ${write.id}): the follow-up is there ${followUps} times`);
            if (consultation.contacts.length !== 1 + followUps) {
                problems.push(`${write.tag} (id ${write.id}): ${consultation.contacts.length} contacts, expected ${1 + followUps}`);
            }
        }));
    }
    return { problems, checked };
}

// A query on the database itself, bypassing the server: sqlite3 for sqlite:PATH, psql for postgresql://.
// Returns the trimmed output (rows separated by newlines, columns by '|').
export function QueryDatabase(db, sql) {
    const result = db.startsWith('sqlite:')
        ? spawnSync('sqlite3', [db.slice('sqlite:'.length), sql], { encoding: 'utf8' })
        : spawnSync('psql', ['-X', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', db, '-c', sql], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`query failed (${sql}): ${result.stdout}${result.stderr}`);
    return result.stdout.trim();
}

// The database's own consistency, read directly: no consultation without a contact, no contact of a missing
// consultation, and on SQLite PRAGMA integrity_check / foreign_key_check. Returns { problems, counts }.
export function DatabaseConsistency(db) {
    const problems = [];
    const orphans = QueryDatabase(db, 'SELECT count(*) FROM consultations c WHERE NOT EXISTS ' +
                                      '(SELECT 1 FROM contacts t WHERE t.consultation_id = c.id)');
    if (orphans !== '0') problems.push(`${orphans} consultations have no contact`);
    const stray = QueryDatabase(db, 'SELECT count(*) FROM contacts t WHERE NOT EXISTS ' +
                                    '(SELECT 1 FROM consultations c WHERE c.id = t.consultation_id)');
    if (stray !== '0') problems.push(`${stray} contacts belong to no consultation`);
    const noPerson = QueryDatabase(db, 'SELECT count(*) FROM consultations c WHERE NOT EXISTS ' +
                                       '(SELECT 1 FROM persons p WHERE p.id = c.person_id)');
    if (noPerson !== '0') problems.push(`${noPerson} consultations name a missing person`);
    if (db.startsWith('sqlite:')) {
        const integrity = QueryDatabase(db, 'PRAGMA integrity_check');
        if (integrity !== 'ok') problems.push(`PRAGMA integrity_check: ${integrity.slice(0, 500)}`);
        const foreign = QueryDatabase(db, 'PRAGMA foreign_key_check');
        if (foreign !== '') problems.push(`PRAGMA foreign_key_check: ${foreign.slice(0, 500)}`);
    }
    const counts = {
        consultations: Number(QueryDatabase(db, 'SELECT count(*) FROM consultations')),
        contacts: Number(QueryDatabase(db, 'SELECT count(*) FROM contacts')),
        persons: Number(QueryDatabase(db, 'SELECT count(*) FROM persons')),
        audit_entries: Number(QueryDatabase(db, 'SELECT count(*) FROM audit_entries')),
    };
    return { problems, counts };
}

// `kasane audit verify`: { ok, output }.
export function AuditVerify(bin, db) {
    const result = spawnSync(bin, ['audit', 'verify', '--db', db], { encoding: 'utf8' });
    return { ok: result.status === 0, output: `${result.stdout}${result.stderr}`.trim() };
}

// A program of a Debian package: $ENV_VAR when set (null when it names no file), else NAME on PATH, else /usr/sbin or
// /usr/local/sbin (where Debian puts daemons, often off a user's PATH); null when none.
export function FindProgram(name, envVar) {
    if (process.env[envVar]) return existsSync(process.env[envVar]) ? process.env[envVar] : null;
    const which = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    if (which.status === 0 && which.stdout.trim()) return which.stdout.trim();
    return [`/usr/sbin/${name}`, `/usr/local/sbin/${name}`].find((candidate) => existsSync(candidate)) ?? null;
}

// A loopback port free at the moment of asking (another process may take it before it is used: StartDaemon retries).
export function FreePort() {
    return new Promise((resolve, reject) => {
        const probe = net.createServer();
        probe.once('error', reject);
        probe.listen(0, '127.0.0.1', () => {
            const { port } = probe.address();
            probe.close(() => resolve(port));
        });
    });
}

// Whether something accepts TCP connections on the loopback port.
export function PortAnswers(port) {
    return new Promise((resolve) => {
        const socket = net.connect(port, '127.0.0.1');
        socket.once('connect', () => { socket.destroy(); resolve(true); });
        socket.once('error', () => resolve(false));
    });
}

// Starts a daemon in the foreground on a free loopback port: prepare(port) writes its configuration and answers
// [program, args]; resolves { child, port, exited } once ready(port) is true (by default, once the port answers).
// When the port was taken meanwhile ("Address already in use" in its output or in logFile), tries another, five
// times; any other failure throws with what the daemon said.
export async function StartDaemon({ name, prepare, ready = PortAnswers, logFile }) {
    for (let attempt = 0; attempt < 5; attempt++) {
        const port = await FreePort();
        const [program, args] = prepare(port);
        const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'] });
        let output = '';
        child.stdout.on('data', (chunk) => { output += chunk; });
        child.stderr.on('data', (chunk) => { output += chunk; });
        const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
        let gone = false;
        exited.then(() => { gone = true; });
        for (let i = 0; i < 100 && !gone; i++) {
            await Sleep(50);
            if (await ready(port)) return { child, port, exited };
        }
        if (!gone) child.kill('SIGKILL');
        await exited;
        const log = logFile && existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
        if (!/Address already in use/.test(output + log)) throw new Error(`${name} did not start: ${output}${log}`);
    }
    throw new Error(`${name} found no free port in 5 attempts`);
}

// Stops a daemon of StartDaemon with `signal` (its graceful stop), killing it after five seconds.
export async function StopDaemon(daemon, signal) {
    daemon.child.kill(signal);
    await Promise.race([daemon.exited, Sleep(5000)]);
    daemon.child.kill('SIGKILL');
}
