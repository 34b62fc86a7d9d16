// SPDX-License-Identifier: Apache-2.0
// Aggregate reports on a streaming-replication hot standby (issue 18, item 6), against the real binary and two real
// PostgreSQL 15 servers: a primary of its own (scripts/pg-test-cluster.sh start) and a standby made from it with
// pg_basebackup -R, started on another port. `kasane serve --db PRIMARY --read-db STANDBY`:
//
//   1. --read-db is refused beside a SQLite database, and a standby that cannot be reached at start stops the start;
//   2. with replay running, a consultation recorded on the primary reaches the 年度集計;
//   3. with replay paused (pg_wal_replay_pause), a new consultation reads back at once (a personal record: primary)
//      while the 年度集計 and the 推移 do not count it (they count on the standby, which has not replayed it);
//   4. a consent withdrawn while replay is paused cuts the partner's access at once, though the standby still holds
//      the consent in force; a partner that signs in meanwhile works (sessions and roles: primary);
//   5. replay resumed, the reports count it;
//   6. the standby stopped while paused: the report falls back to the primary (it counts what the paused standby
//      did not have) and the server logs that it did.
//
// Usage: node standby.mjs   with KASANE_BIN and REPLICA_TEST_DIR (a directory this test may own; removed at the
// end). PG_BIN (default /usr/lib/postgresql/15/bin). Prints "ok - ..." / "not ok - ..."; exits 0 only when all passed.

import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Check, Describe, Finish, FreePort, Request, RunKasane, SignIn, Sleep, StartServer, StopServer } from '../crash/harness.mjs';

const bin = process.env.KASANE_BIN;
const work = process.env.REPLICA_TEST_DIR;
if (!bin || !work) {
    console.error('KASANE_BIN and REPLICA_TEST_DIR must be set');
    process.exit(2);
}
const pgBin = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
const clusterScript = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../scripts/pg-test-cluster.sh');
const isRoot = process.getuid?.() === 0;
const kYear = 2010;  // a 年度 the demo town has nothing in

function Run(command, args, what) {
    if (process.env.REPLICA_TEST_VERBOSE) console.log(`# ${what}: ${command} ${args.join(' ')}`);
    const result = spawnSync(command, args, { encoding: 'utf8', timeout: 60000 });
    if (result.status !== 0) throw new Error(`${what} failed (${result.status ?? result.signal}): ${result.stdout}${result.stderr}`);
    return result.stdout.trim();
}

// PostgreSQL refuses to run as root: as root, its programs run as the postgres user (from /, which it can enter).
function AsPostgres(program, args, what) {
    return isRoot ? Run('runuser', ['-u', 'postgres', '--', program, ...args], what) : Run(program, args, what);
}

function Sql(url, sql) {
    return Run('psql', ['-X', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', sql], `psql ${sql}`);
}

async function Until(predicate, timeoutMs = 15000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        if (await predicate()) return true;
        if (Date.now() > deadline) return false;
        await Sleep(100);
    }
}

function Headers(session) {
    return { 'Content-Type': 'application/json', Cookie: session.cookie, 'X-CSRF-Token': session.csrf };
}

async function Contacts(port, session) {
    const report = await Request(port, 'GET', `/api/v1/reports/fiscal-year?year=${kYear}`, { headers: { Cookie: session.cookie } });
    if (report.status !== 200) throw new Error(`the 年度集計 failed: ${Describe(report)}`);
    return JSON.parse(report.body).contacts;
}

async function TrendContacts(port, session) {
    const trend = await Request(port, 'GET', `/api/v1/reports/trend?from=${kYear}&to=${kYear}`, { headers: { Cookie: session.cookie } });
    if (trend.status !== 200) throw new Error(`the 推移 failed: ${Describe(trend)}`);
    return JSON.parse(trend.body).years[0].contacts;
}

async function RecordConsultation(port, session, tag) {
    const body = JSON.stringify({
        new_person: { family_name: '複製', given_name: tag, family_name_kana: 'フクセイ', given_name_kana: 'タロウ',
                      birth_date: '1970-01-01', sex: 'male' },
        chief_complaint: `standby ${tag}`,
        categories: [{ code: 'hikikomori', most_pressing: true }],
        first_contact: { occurred_at: `${kYear}-06-01T01:00:00Z`, channel: 'phone', source: 'self',
                         summary: `standby ${tag}`, summary_tag: 'fact' },
    });
    const created = await Request(port, 'POST', '/api/v1/consultations', { headers: Headers(session), body });
    if (created.status !== 201) throw new Error(`recording a consultation failed: ${Describe(created)}`);
    return JSON.parse(created.body).id;
}

const primaryDir = path.join(work, 'primary');
let standbyHome = null;
let standbyData = null;
let server = null;
try {
    // The primary: a cluster of its own (wal_level = replica and max_wal_senders are PostgreSQL 15's defaults;
    // initdb --auth=trust lets 127.0.0.1 replicate), with the demo town.
    Run(clusterScript, ['start', primaryDir], 'starting the primary');
    const primary = Run(clusterScript, ['createdb', primaryDir, 'kasane'], 'creating the database');
    const primaryPort = new URL(primary).port;
    RunKasane(bin, ['demo', '--db', primary]);

    // The standby: pg_basebackup -R (standby.signal and primary_conninfo) after a fast checkpoint (the default, spread,
    // waits minutes), a port and a socket directory of its own.
    standbyHome = mkdtempSync(path.join(os.tmpdir(), 'kasane-standby-'));
    if (isRoot) chownSync(standbyHome, Number(Run('id', ['-u', 'postgres'], 'id')), Number(Run('id', ['-g', 'postgres'], 'id')));
    standbyData = path.join(standbyHome, 'data');
    AsPostgres(`${pgBin}/pg_basebackup`, ['-h', '127.0.0.1', '-p', primaryPort, '-U', 'postgres', '-D', standbyData,
                                          '-X', 'stream', '-R', '-c', 'fast'], 'pg_basebackup');
    const standbyPort = await FreePort();
    AsPostgres(`${pgBin}/pg_ctl`, ['-D', standbyData, '-l', path.join(standbyHome, 'server.log'), '-w', '-t', '30', '-o',
                                   `-c listen_addresses=127.0.0.1 -p ${standbyPort} -c unix_socket_directories=${standbyHome} -c hot_standby=on ` +
                                   // a hot standby needs at least the primary's max_connections (pg-test-cluster.sh: 200)
                                   '-c max_connections=200 -c fsync=off',
                                   'start'], 'starting the standby');
    const standby = `postgresql://postgres@127.0.0.1:${standbyPort}/kasane`;
    Check(Sql(standby, 'SELECT pg_is_in_recovery()') === 't', 'the standby is a hot standby in recovery');
    console.log(`# primary on ${primaryPort}, standby on ${standbyPort}`);

    // 1. Refusals at start.
    const sqlite = spawnSync(bin, ['serve', '--db', `sqlite:${path.join(work, 'refused.db')}`, '--read-db', standby,
                                   '--listen', '127.0.0.1:0'], { encoding: 'utf8', timeout: 20000 });
    Check(sqlite.status !== 0 && /--read-db/.test(sqlite.stderr) && /SQLite/.test(sqlite.stderr),
          '--read-db beside a SQLite database is refused, saying why', `${sqlite.status} ${sqlite.stderr.slice(0, 400)}`);
    const closed = await FreePort();
    const unreachable = spawnSync(bin, ['serve', '--db', primary, '--read-db', `postgresql://postgres@127.0.0.1:${closed}/kasane`,
                                        '--listen', '127.0.0.1:0'], { encoding: 'utf8', timeout: 20000 });
    Check(unreachable.status !== 0 && /集計用の読み取り専用データベース/.test(unreachable.stderr),
          'a standby that cannot be reached at start stops the start, saying which', `${unreachable.status} ${unreachable.stderr.slice(0, 400)}`);

    server = await StartServer(bin, primary, ['--read-db', standby]);
    await Sleep(200);  // info lines reach the log in batches
    Check(/aggregate reports read from the standby/.test(server.stderr), 'the server says it counts reports on the standby',
          server.stderr.slice(-400));
    const coordinator = await SignIn(server.port, 'demo-coordinator');

    // 2. Replay running: the report follows the primary.
    const base = await Contacts(server.port, coordinator);
    await RecordConsultation(server.port, coordinator, 'first');
    Check(await Until(async () => (await Contacts(server.port, coordinator)) === base + 1),
          'with replay running, a consultation recorded on the primary reaches the 年度集計 (through the standby)');

    // A person who consents to the NPO's seeing his record; the partner reads it on that basis.
    const organizations = JSON.parse((await Request(server.port, 'GET', '/api/v1/organizations',
                                                    { headers: { Cookie: coordinator.cookie } })).body).items;
    const npo = organizations.find((o) => o.name.startsWith('NPO法人 ひだまりの家')).id;
    const person = await Request(server.port, 'POST', '/api/v1/persons', { headers: Headers(coordinator), body: JSON.stringify({
        family_name: '同意', given_name: '撤回', family_name_kana: 'ドウイ', given_name_kana: 'テッカイ',
        birth_date: '1980-04-01', sex: 'male' }) });
    const personId = JSON.parse(person.body).id;
    const consent = await Request(server.port, 'POST', `/api/v1/persons/${personId}/consents`, { headers: Headers(coordinator),
        body: JSON.stringify({ organizations: [npo], bodies: [], purpose: 'ひきこもり支援のための情報共有',
                               given_on: '令和6年6月10日', method: 'written', explanation_version: '説明文書 v2' }) });
    const consentId = JSON.parse(consent.body).id;
    const npoFirst = await SignIn(server.port, 'demo-npo');
    const before = await Request(server.port, 'GET', `/api/v1/persons/${personId}`, { headers: { Cookie: npoFirst.cookie } });
    Check(consent.status === 201 && before.status === 200 && JSON.parse(before.body).access?.basis === 'consent',
          'the partner reads the person on the basis of his consent', `${Describe(consent)} / ${Describe(before)}`);
    Check(await Until(() => Sql(standby, `SELECT count(*) FROM consents WHERE id = ${consentId} AND withdrawn_at IS NULL`) === '1'),
          'the standby has replayed the consent in force');

    // 3. Replay paused: reports count on the standby, personal records read from the primary.
    Sql(standby, 'SELECT pg_wal_replay_pause()');
    const paused = await RecordConsultation(server.port, coordinator, 'paused');
    const read = await Request(server.port, 'GET', `/api/v1/consultations/${paused}`, { headers: { Cookie: coordinator.cookie } });
    Check(read.status === 200 && JSON.parse(read.body).chief_complaint === 'standby paused',
          'while replay is paused, the new consultation reads back at once (from the primary)', Describe(read));
    await Sleep(1000);  // time enough for the WAL to reach the standby: it is received, not replayed
    Check(Sql(standby, `SELECT count(*) FROM consultations WHERE id = ${paused}`) === '0' &&
          Sql(primary, `SELECT count(*) FROM consultations WHERE id = ${paused}`) === '1',
          'the standby has not replayed it (read directly)');
    const pausedContacts = await Contacts(server.port, coordinator);
    const pausedTrend = await TrendContacts(server.port, coordinator);
    Check(pausedContacts === base + 1, 'the 年度集計 does not count it: it is counted on the standby',
          `contacts ${pausedContacts}, expected ${base + 1}`);
    Check(pausedTrend === base + 1, 'nor does the 推移', `contacts ${pausedTrend}, expected ${base + 1}`);

    // 4. Access is decided on the primary: a withdrawal is in force at once, a new session works.
    const withdrawn = await Request(server.port, 'POST', `/api/v1/consents/${consentId}/withdraw`,
                                    { headers: { Cookie: coordinator.cookie, 'X-CSRF-Token': coordinator.csrf } });
    const after = await Request(server.port, 'GET', `/api/v1/persons/${personId}`, { headers: { Cookie: npoFirst.cookie } });
    Check(withdrawn.status === 200 && after.status === 404,
          'a consent withdrawn while replay is paused cuts the partner off at once', `${Describe(withdrawn)} / ${Describe(after)}`);
    Check(Sql(standby, `SELECT count(*) FROM consents WHERE id = ${consentId} AND withdrawn_at IS NULL`) === '1',
          'though the standby still holds the consent in force (read directly)');
    const npoSecond = await SignIn(server.port, 'demo-npo');
    const me = await Request(server.port, 'GET', '/api/v1/me', { headers: { Cookie: npoSecond.cookie } });
    const again = await Request(server.port, 'GET', `/api/v1/persons/${personId}`, { headers: { Cookie: npoSecond.cookie } });
    Check(me.status === 200 && again.status === 404,
          'a partner signing in while replay is paused is served, and still cut off', `${Describe(me)} / ${Describe(again)}`);

    // 5. Replay resumed: the reports catch up.
    Sql(standby, 'SELECT pg_wal_replay_resume()');
    Check(await Until(async () => (await Contacts(server.port, coordinator)) === base + 2 &&
                                  (await TrendContacts(server.port, coordinator)) === base + 2),
          'replay resumed, the 年度集計 and the 推移 count it');

    // 6. The standby gone: the report falls back to the primary.
    Sql(standby, 'SELECT pg_wal_replay_pause()');
    await RecordConsultation(server.port, coordinator, 'fallback');
    await Sleep(500);
    Check((await Contacts(server.port, coordinator)) === base + 2, 'paused again, the report counts on the standby');
    AsPostgres(`${pgBin}/pg_ctl`, ['-D', standbyData, '-m', 'fast', '-w', 'stop'], 'stopping the standby');
    const fallback = await Request(server.port, 'GET', `/api/v1/reports/fiscal-year?year=${kYear}`, { headers: { Cookie: coordinator.cookie } });
    Check(fallback.status === 200 && JSON.parse(fallback.body).contacts === base + 3,
          'the standby stopped, the report falls back to the primary and counts everything', Describe(fallback));
    await Sleep(200);
    Check(/standby unavailable: counting on the primary/.test(server.stderr), 'the server logs the fallback',
          server.stderr.slice(-600));
    const still = await Request(server.port, 'GET', `/api/v1/consultations/${paused}`, { headers: { Cookie: coordinator.cookie } });
    Check(still.status === 200, 'personal reads go on without the standby', Describe(still));
} catch (error) {
    Check(false, 'the standby scenario ran to its end', error.stack ?? String(error));
    const log = standbyHome ? path.join(standbyHome, 'server.log') : null;
    if (log && existsSync(log)) console.log(`# the standby's log:\n${readFileSync(log, 'utf8').slice(-2000)}`);
    if (server) console.log(`# the server's log:\n${server.stderr.slice(-2000)}`);
} finally {
    if (server) {
        const exit = await StopServer(server);
        Check(exit.code === 0, 'kasane stops cleanly', JSON.stringify(exit));
    }
    if (standbyData) {
        try {
            AsPostgres(`${pgBin}/pg_ctl`, ['-D', standbyData, '-m', 'immediate', 'status'], 'standby status');
            AsPostgres(`${pgBin}/pg_ctl`, ['-D', standbyData, '-m', 'immediate', '-w', 'stop'], 'stopping the standby');
        } catch {
            // not running (stopped above, or never started)
        }
    }
    if (standbyHome) rmSync(standbyHome, { recursive: true, force: true });
    try {
        Run(clusterScript, ['stop', primaryDir], 'stopping the primary');
    } catch (error) {
        console.log(`# ${error.message}`);
    }
    rmSync(work, { recursive: true, force: true });
}
Finish();
