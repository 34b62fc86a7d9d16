// SPDX-License-Identifier: Apache-2.0
// Crash safety against the real binary: SIGKILL at random moments under a write load, restart on the same database.
//
// Each round starts `kasane serve` on the database, signs in as demo-caseworker, runs CLIENTS concurrent clients
// that each create a consultation about a new person (POST /api/v1/consultations) and then add a follow-up contact
// (POST /api/v1/consultations/{id}/contacts), and kills the server with SIGKILL after a random 150–1200 ms. While the
// server is down, the database is checked directly (no consultation without a contact, no stray contact, on SQLite
// PRAGMA integrity_check and foreign_key_check) and `kasane audit verify` must pass. The next round's server then
// reads back every write the previous round saw acknowledged (2xx). After the last round everything acknowledged in
// any round is read back once more, and the database counts must cover it.
//
// Usage: node run.mjs   with KASANE_BIN and KASANE_TEST_DB (sqlite:PATH or postgresql://...) set.
// CRASH_ROUNDS (default 20) and CRASH_CLIENTS (default 6) make longer runs (`CRASH_ROUNDS=100` for a soak).
// Prints "ok - ..." / "not ok - ..." per check and "N passed, N failed"; exits 0 only when all passed.

import { AuditVerify, Check, DatabaseConsistency, Environment, Finish, QueryDatabase, RunKasane, SignIn, Sleep,
         StartServer, VerifyWrites, WriteLoad } from './harness.mjs';

const { bin, db } = Environment();
const kRounds = Number(process.env.CRASH_ROUNDS ?? 20);
const kClients = Number(process.env.CRASH_CLIENTS ?? 6);
const kMinLoadMs = 150;
const kMaxLoadMs = 1200;

RunKasane(bin, ['demo', '--db', db]);

const all = [];
let previous = [];
let killedMidWrite = 0;
const failures = [];
const started = performance.now();

for (let round = 1; round <= kRounds; round++) {
    const server = await StartServer(bin, db);
    const session = await SignIn(server.port);

    // The previous round's acknowledged writes must have survived its SIGKILL.
    if (previous.length > 0) {
        const { problems } = await VerifyWrites(server.port, session, previous);
        if (problems.length > 0) failures.push(`round ${round - 1}: ${problems.slice(0, 5).join('; ')}`);
    }

    const writes = [];
    let stop = false;
    const load = WriteLoad({ port: server.port, session, clients: kClients, prefix: `crash-${process.pid}-${round}`,
                             shouldStop: () => stop, writes });
    const delay = kMinLoadMs + Math.floor(Math.random() * (kMaxLoadMs - kMinLoadMs));
    await Sleep(delay);
    server.child.kill('SIGKILL');
    const exit = await server.exited;
    stop = true;
    await load;
    if (exit.signal !== 'SIGKILL') failures.push(`round ${round}: the server ended with ${exit.code ?? exit.signal}, not SIGKILL`);

    const unknown = writes.filter((w) => w.created === 'unknown' || w.followUp === 'unknown').length;
    killedMidWrite += unknown;
    const odd = writes.flatMap((w) => w.statuses).filter((s) => typeof s === 'number' && (s < 200 || s >= 300));
    if (odd.length > 0) failures.push(`round ${round}: the server answered ${odd.join(', ')} to writes`);

    // While the server is down: the database as it was left by the kill.
    const { problems } = DatabaseConsistency(db);
    if (problems.length > 0) failures.push(`round ${round}: ${problems.join('; ')}`);
    const audit = AuditVerify(bin, db);
    if (!audit.ok) failures.push(`round ${round}: kasane audit verify failed: ${audit.output}`);

    const acked = writes.filter((w) => w.created === 'acked');
    console.log(`# round ${round}: killed after ${delay} ms, ${writes.length} attempts, ${acked.length} consultations ` +
                `and ${writes.filter((w) => w.followUp === 'acked').length} follow-ups acknowledged, ${unknown} in flight`);
    all.push(...writes);
    previous = writes;
}

// The last round's writes and, once more, everything acknowledged in any round.
const final = await StartServer(bin, db);
let finalCheck = { problems: ['not checked'], checked: 0 };
try {
    finalCheck = await VerifyWrites(final.port, await SignIn(final.port), all);
} finally {
    final.child.kill('SIGTERM');
    await final.exited;
}
const ackedConsultations = all.filter((w) => w.created === 'acked').length;
const ackedFollowUps = all.filter((w) => w.followUp === 'acked').length;
console.log(`# ${kRounds} rounds in ${((performance.now() - started) / 1000).toFixed(1)} s, ${kClients} clients: ` +
            `${ackedConsultations} acknowledged consultations and ${ackedFollowUps} acknowledged follow-ups checked ` +
            `(${ackedConsultations + ackedFollowUps} acknowledged writes), ${killedMidWrite} writes cut off by SIGKILL`);

Check(failures.length === 0, `${kRounds} SIGKILL rounds: every acknowledged write survived the next restart, the database ` +
      'was consistent and the audit chain verified after every kill', failures.slice(0, 8).join('\n    '));
Check(ackedConsultations >= kRounds, 'the load wrote something in the rounds', `${ackedConsultations} consultations`);
Check(ackedFollowUps > 0, 'some follow-up contacts were acknowledged', `${ackedFollowUps}`);
Check(finalCheck.problems.length === 0 && finalCheck.checked === ackedConsultations,
      `all ${finalCheck.checked} acknowledged consultations are whole after the last restart`,
      finalCheck.problems.slice(0, 8).join('\n    '));

const { problems, counts } = DatabaseConsistency(db);
Check(problems.length === 0, db.startsWith('sqlite:')
          ? 'finally: PRAGMA integrity_check ok, no consultation without a contact, no stray contact'
          : 'finally: no consultation without a contact, no stray contact, no consultation without its person',
      problems.join('; '));
const tagged = Number(QueryDatabase(
    db, `SELECT count(*) FROM consultations WHERE chief_complaint LIKE 'crash-${process.pid}-%'`));
Check(tagged >= ackedConsultations && tagged <= all.length,
      `the database holds between the acknowledged and the attempted consultations (${ackedConsultations} <= ${tagged} <= ${all.length})`);
console.log(`# counts: ${JSON.stringify(counts)}`);
const audit = AuditVerify(bin, db);
Check(audit.ok, 'kasane audit verify passes at the end', audit.output);
if (audit.ok) console.log(`# ${audit.output}`);
Finish();
