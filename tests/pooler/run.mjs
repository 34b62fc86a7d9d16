// SPDX-License-Identifier: Apache-2.0
// Kasane behind a connection pooler (issue 18, item 6): pgbouncer (the Debian package, 1.18) in session mode in front
// of the throwaway PostgreSQL cluster, with an ini file, a user list, a log and a pid file of its own in a temporary
// directory; `kasane demo` and `kasane serve --db` point at pgbouncer, never at PostgreSQL.
//
//   1. the spine through the pooler: sign in, intake (a consultation about a new person), the search finds him, the
//      record reads back, the 年度集計 counts him;
//   2. many concurrent requests (writes and searches from more clients than Kasane's pool has connections) all
//      succeed, and what was acknowledged reads back whole;
//   3. pgbouncer carried them: its admin console counts Kasane's connections (no more than --pool-size) and their
//      queries.
//
// Why session mode: Kasane prepares its statements once per connection; pgbouncer 1.18's transaction mode hands a
// connection's next transaction to another server connection, where they do not exist (docs/deployment.md).
//
// Usage: node run.mjs   with KASANE_BIN and KASANE_TEST_DB (postgresql://... of a database of the test cluster) set;
// PGBOUNCER_BIN (default: pgbouncer on PATH or /usr/sbin/pgbouncer). Fails, never skips, when pgbouncer is missing.
// Prints "ok - ..." / "not ok - ..."; exits 0 only when all passed.

import { spawnSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Check, Describe, Environment, FindProgram, Finish, Request, RunKasane, SignIn, Sleep, StartDaemon, StartServer,
         StopDaemon, StopServer, VerifyWrites, WriteLoad } from '../crash/harness.mjs';

const { bin, db } = Environment();
if (!db.startsWith('postgresql:') && !db.startsWith('postgres:')) {
    console.error('the pooler test needs a PostgreSQL database (KASANE_TEST_DB=postgresql://...)');
    process.exit(2);
}
const kPoolSize = 4;   // Kasane's connections: fewer than the clients below, so requests queue in Kasane's pool
const kClients = 12;   // concurrent HTTP clients
const kSeconds = Number(process.env.POOLER_SECONDS ?? 3);

const pgbouncerBin = FindProgram('pgbouncer', 'PGBOUNCER_BIN');
if (!pgbouncerBin) {
    Check(false, 'pgbouncer is installed', 'pgbouncer was not found on PATH nor in /usr/sbin: run scripts/setup.sh ' +
          '(it installs the Debian package pgbouncer) or set PGBOUNCER_BIN');
    Finish();
}

// pgbouncer's admin console (SHOW POOLS, SHOW STATS) as rows of objects.
function Admin(port, command) {
    const result = spawnSync('psql', ['-X', '-A', '-F', '\t', '-P', 'footer=off', '-h', '127.0.0.1', '-p', String(port),
                                      '-U', 'postgres', '-d', 'pgbouncer', '-c', command], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`pgbouncer ${command} failed: ${result.stderr}`);
    const [header, ...lines] = result.stdout.trim().split('\n');
    const names = header.split('\t');
    return lines.map((line) => Object.fromEntries(line.split('\t').map((value, i) => [names[i], value])));
}

// pgbouncer in the foreground, session mode, in front of the database of `db`; as root it drops to the postgres
// user (it refuses to run as root), so its directory belongs to that user.
function StartPgbouncer(dir) {
    const target = new URL(db);
    const database = target.pathname.slice(1);
    const prepare = (port) => {
        const user = process.getuid?.() === 0 ? 'user = postgres\n' : '';
        writeFileSync(path.join(dir, 'userlist.txt'), '"postgres" ""\n');
        writeFileSync(path.join(dir, 'pgbouncer.ini'), `[databases]
kasane = host=127.0.0.1 port=${target.port} dbname=${database} user=postgres

[pgbouncer]
${user}listen_addr = 127.0.0.1
listen_port = ${port}
unix_socket_dir =
auth_type = trust
auth_file = ${dir}/userlist.txt
admin_users = postgres
pool_mode = session
; each client connection of Kasane's pool holds one server connection for its life: the pool must be at least
; Kasane's --pool-size (times the instances sharing it)
default_pool_size = 20
max_client_conn = 100
server_reset_query = DISCARD ALL
logfile = ${dir}/pgbouncer.log
pidfile = ${dir}/pgbouncer.pid
`);
        if (process.getuid?.() === 0) {
            const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout);
            const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout);
            for (const file of ['', 'userlist.txt', 'pgbouncer.ini']) chownSync(path.join(dir, file), uid, gid);
        }
        return [pgbouncerBin, [path.join(dir, 'pgbouncer.ini')]];
    };
    return StartDaemon({ name: 'pgbouncer', prepare, logFile: path.join(dir, 'pgbouncer.log') });
}

function Headers(session) {
    return { 'Content-Type': 'application/json', Cookie: session.cookie, 'X-CSRF-Token': session.csrf };
}

const work = mkdtempSync(path.join(os.tmpdir(), 'kasane-pooler-'));
let bouncer = null;
let server = null;
try {
    bouncer = await StartPgbouncer(work);
    const pooled = `postgresql://postgres@127.0.0.1:${bouncer.port}/kasane`;
    console.log(`# pgbouncer (${pgbouncerBin}) on ${bouncer.port} in front of ${new URL(db).host}`);
    RunKasane(bin, ['demo', '--db', pooled]);
    server = await StartServer(bin, pooled, ['--pool-size', String(kPoolSize)]);
    const health = await Request(server.port, 'GET', '/healthz');
    Check(health.status === 200, 'kasane serve --db through pgbouncer is healthy', Describe(health));

    // 1. The spine.
    const caseworker = await SignIn(server.port, 'demo-caseworker');
    const tag = `pooler-${process.pid}`;
    const created = await Request(server.port, 'POST', '/api/v1/consultations', { headers: Headers(caseworker), body: JSON.stringify({
        new_person: { family_name: '接続', given_name: '束ね', family_name_kana: 'セツゾク', given_name_kana: 'タバネ',
                      birth_date: '1975-05-05', sex: 'female' },
        chief_complaint: tag,
        categories: [{ code: 'hikikomori', most_pressing: true }],
        first_contact: { occurred_at: '2011-07-01T01:00:00Z', channel: 'phone', source: 'self', summary: `${tag} first`,
                         summary_tag: 'fact' } }) });
    Check(created.status === 201, 'intake: a consultation about a new person is recorded', Describe(created));
    const consultation = created.status === 201 ? JSON.parse(created.body) : {};
    const search = await Request(server.port, 'GET', `/api/v1/persons?q=${encodeURIComponent('せつぞく たばね')}`,
                                 { headers: { Cookie: caseworker.cookie } });
    Check(search.status === 200 && JSON.parse(search.body).items.some((p) => p.id === consultation.person_id),
          'the search finds the person', Describe(search));
    const read = await Request(server.port, 'GET', `/api/v1/consultations/${consultation.id}`, { headers: { Cookie: caseworker.cookie } });
    Check(read.status === 200 && JSON.parse(read.body).chief_complaint === tag &&
          JSON.parse(read.body).contacts[0].occurred_at === '2011-07-01T01:00:00.000Z',
          'the record reads back whole, its instant in UTC', Describe(read));
    const coordinator = await SignIn(server.port, 'demo-coordinator');
    const report = await Request(server.port, 'GET', '/api/v1/reports/fiscal-year?year=2011', { headers: { Cookie: coordinator.cookie } });
    Check(report.status === 200 && JSON.parse(report.body).contacts === 1, 'the 年度集計 counts the consultation', Describe(report));

    // 2. Many concurrent requests: writes and searches from more clients than the pool has connections.
    const writes = [];
    const searches = [];
    let stop = false;
    const load = WriteLoad({ port: server.port, session: caseworker, clients: kClients / 2, prefix: tag, shouldStop: () => stop, writes });
    const readers = Array.from({ length: kClients / 2 }, async () => {
        while (!stop) {
            const found = await Request(server.port, 'GET', `/api/v1/persons?q=${encodeURIComponent('しけん')}`,
                                        { headers: { Cookie: caseworker.cookie } });
            searches.push(found.status ?? found.error?.code ?? 'error');
        }
    });
    await Sleep(kSeconds * 1000);
    stop = true;
    await Promise.all([load, ...readers]);
    const statuses = [...writes.flatMap((w) => w.statuses), ...searches];
    const bad = statuses.filter((s) => typeof s !== 'number' || s < 200 || s >= 300);
    const acked = writes.filter((w) => w.created === 'acked');
    console.log(`# ${kClients} clients for ${kSeconds} s on a pool of ${kPoolSize}: ${statuses.length} requests, ` +
                `${acked.length} consultations acknowledged, ${searches.length} searches`);
    Check(acked.length >= kClients / 2 && searches.length >= kClients / 2 && bad.length === 0,
          `every one of the concurrent requests succeeded through the pooler`, `${bad.length} failures: ${bad.slice(0, 10).join(', ')}`);
    const verified = await VerifyWrites(server.port, caseworker, acked);
    Check(verified.problems.length === 0 && verified.checked === acked.length,
          `all ${acked.length} acknowledged consultations read back whole`, verified.problems.slice(0, 5).join('\n    '));

    // 3. pgbouncer carried the load.
    const pools = Admin(bouncer.port, 'SHOW POOLS').filter((row) => row.database === 'kasane');
    const servers = pools.reduce((sum, row) => sum + Number(row.sv_active) + Number(row.sv_idle) + Number(row.sv_used), 0);
    const clients = pools.reduce((sum, row) => sum + Number(row.cl_active) + Number(row.cl_waiting), 0);
    // Server connections left idle by `kasane demo` stay in pgbouncer's pool too: only the clients are bounded.
    Check(clients >= 1 && clients <= kPoolSize && servers >= clients,
          `pgbouncer holds Kasane's connections, no more than --pool-size (${kPoolSize}), each on a server connection`,
          JSON.stringify(pools));
    const stats = Admin(bouncer.port, 'SHOW STATS').find((row) => row.database === 'kasane');
    Check(stats && Number(stats.total_query_count) > statuses.length,
          'pgbouncer counted the queries of every request', JSON.stringify(stats));
} catch (error) {
    Check(false, 'the pooler scenario ran to its end', error.stack ?? String(error));
} finally {
    if (server) {
        const exit = await StopServer(server);
        Check(exit.code === 0, 'kasane stops cleanly', JSON.stringify(exit));
    }
    if (bouncer) {
        await StopDaemon(bouncer, 'SIGINT');
    }
    rmSync(work, { recursive: true, force: true });
}
Finish();
