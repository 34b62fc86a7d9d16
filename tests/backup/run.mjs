// SPDX-License-Identifier: Apache-2.0
// Backup and restore under a write load, against the real binary.
//
//   1. `kasane demo`, `kasane serve`, sign in as demo-caseworker; a first load writes consultations with follow-up
//      contacts and stops; a sample of them is read through the API (the "backup time" view);
//   2. a second load starts, and while it runs `kasane backup --db DB --to FILE` makes the copy; the load keeps going
//      until the backup has finished, then the server is stopped (SIGTERM);
//   3. `kasane restore --from FILE --db TARGET` into a fresh target (a new SQLite path, or a new empty PostgreSQL
//      database);
//   4. on the restored copy: no consultation without its contacts (read from the database itself; on SQLite also
//      PRAGMA integrity_check), `kasane audit verify` passes, every write acknowledged before the backup started is
//      there whole, each write of the second load is either absent or whole, and the sample read through a server
//      on the restored database equals what the original server returned.
//
// Usage: node run.mjs   with KASANE_BIN, KASANE_TEST_DB (the source) and KASANE_RESTORE_DB (a target that does not
// exist yet: sqlite:PATH, or an empty postgresql:// database) and KASANE_BACKUP_FILE set.
// Prints "ok - ..." / "not ok - ..." per check and "N passed, N failed"; exits 0 only when all passed.

import { spawn } from 'node:child_process';
import { AuditVerify, Check, DatabaseConsistency, Describe, Environment, Finish, GetConsultation, QueryDatabase,
         RunKasane, SignIn, Sleep, StartServer, StopServer, VerifyWrites, WriteLoad } from '../crash/harness.mjs';

const { bin, db } = Environment();
const target = process.env.KASANE_RESTORE_DB;
const backupFile = process.env.KASANE_BACKUP_FILE;
if (!target || !backupFile) {
    console.error('KASANE_RESTORE_DB and KASANE_BACKUP_FILE must be set');
    process.exit(2);
}
const kClients = 4;
const kSample = 40;

RunKasane(bin, ['demo', '--db', db]);
const server = await StartServer(bin, db);
const session = await SignIn(server.port);

// 1. Writes acknowledged before the backup starts, and the API's view of a sample of them.
const before = [];
await WriteLoad({ port: server.port, session, clients: kClients, prefix: `backup-${process.pid}-before`,
                  shouldStop: () => false, writes: before, maxWrites: 30 });
const beforeAcked = before.filter((w) => w.created === 'acked');
Check(beforeAcked.length === before.length && before.every((w) => w.followUp === 'acked'),
      `the first load's ${before.length} writes were all acknowledged`,
      before.filter((w) => w.created !== 'acked' || w.followUp !== 'acked').slice(0, 3).map((w) => w.statuses).join('; '));
const sample = [];
for (let i = 0; i < beforeAcked.length; i += Math.max(1, Math.floor(beforeAcked.length / kSample))) {
    const response = await GetConsultation(server.port, session, beforeAcked[i].id);
    if (response.status !== 200) throw new Error(`GET ${beforeAcked[i].id} failed: ${Describe(response)}`);
    sample.push({ id: beforeAcked[i].id, body: JSON.parse(response.body) });
}

// 2. The backup, while a second load runs.
const during = [];
let stop = false;
const load = WriteLoad({ port: server.port, session, clients: kClients, prefix: `backup-${process.pid}-during`,
                         shouldStop: () => stop, writes: during });
await Sleep(300);
const backupStarted = performance.now();
const backup = await new Promise((resolve) => {
    const child = spawn(bin, ['backup', '--db', db, '--to', backupFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => { output += chunk; });
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.on('exit', (code, signal) => resolve({ code, signal, output, ms: performance.now() - backupStarted }));
});
const duringAtBackupEnd = during.filter((w) => w.created === 'acked').length;
await Sleep(200);
stop = true;
await load;
const exit = await StopServer(server);
console.log(`# backup took ${backup.ms.toFixed(0)} ms; ${beforeAcked.length} consultations before it, ` +
            `${during.filter((w) => w.created === 'acked').length} acknowledged during the second load ` +
            `(${duringAtBackupEnd} of them by the time the backup ended)`);
Check(backup.code === 0, 'kasane backup succeeds while the server is writing', `${backup.code ?? backup.signal}: ${backup.output}`);
Check(duringAtBackupEnd > 0, 'writes were acknowledged while the backup ran', `${duringAtBackupEnd}`);
Check(exit.code === 0, 'the original server stops cleanly', JSON.stringify(exit));
const errors = during.flatMap((w) => w.statuses).filter((s) => typeof s !== 'number' || s < 200 || s >= 300);
Check(errors.length === 0, 'every write of the second load was acknowledged (the backup blocks nobody)', errors.slice(0, 10).join(', '));
const source = DatabaseConsistency(db);

// 3. Restore into the fresh target.
let restored = null;
try {
    restored = RunKasane(bin, ['restore', '--from', backupFile, '--db', target]);
} catch (error) {
    Check(false, 'kasane restore into a fresh target succeeds', error.message);
    Finish();
}
Check(true, 'kasane restore into a fresh target succeeds');
console.log(`# restore: ${`${restored.stdout}${restored.stderr}`.trim().split('\n').slice(-1)[0]}`);

// 4. The restored copy.
const copy = DatabaseConsistency(target);
Check(copy.problems.length === 0, 'the restored copy is consistent: every consultation has its contacts, no stray contact' +
      (target.startsWith('sqlite:') ? ', integrity_check ok' : ''), copy.problems.join('; '));
console.log(`# counts: source after the load ${JSON.stringify(source.counts)}, restored ${JSON.stringify(copy.counts)}`);
const tagged = (when) => Number(QueryDatabase(target, `SELECT count(*) FROM consultations WHERE chief_complaint LIKE 'backup-${process.pid}-${when}-%'`));
const restoredBefore = tagged('before');
const restoredDuring = tagged('during');
Check(restoredBefore === before.length, `all ${before.length} consultations written before the backup are in the copy`,
      `${restoredBefore} found`);
Check(restoredDuring <= during.length, `the copy holds ${restoredDuring} of the ${during.length} attempted during the backup`);
Check(copy.counts.consultations <= source.counts.consultations && copy.counts.audit_entries <= source.counts.audit_entries,
      'the copy is no larger than the source (it is a snapshot, not later data)');
const audit = AuditVerify(bin, target);
Check(audit.ok, 'kasane audit verify passes on the restored copy', audit.output);
if (audit.ok) console.log(`# ${audit.output}`);

const second = await StartServer(bin, target);
try {
    const restoredSession = await SignIn(second.port);
    const whole = await VerifyWrites(second.port, restoredSession, before);
    Check(whole.problems.length === 0, `every write acknowledged before the backup started is there whole (${whole.checked} checked)`,
          whole.problems.slice(0, 5).join('\n    '));
    // A write of the second load is either absent or whole: a consultation with its first contact, and its follow-up
    // at most once.
    const partial = [];
    for (const write of during.filter((w) => w.created === 'acked')) {
        const response = await GetConsultation(second.port, restoredSession, write.id);
        if (response.status === 404) continue;
        if (response.status !== 200) { partial.push(`${write.tag}: ${Describe(response)}`); continue; }
        const body = JSON.parse(response.body);
        const summaries = body.contacts.map((c) => c.summary);
        if (body.chief_complaint !== write.tag || summaries[0] !== `${write.tag} first` ||
            summaries.filter((s) => s === `${write.tag} follow-up`).length > 1 || summaries.length > 2) {
            partial.push(`${write.tag} (id ${write.id}): ${summaries.join(', ')}`);
        }
    }
    Check(partial.length === 0, 'each consultation written during the backup is either absent from the copy or whole',
          partial.slice(0, 5).join('\n    '));
    const differing = [];
    for (const { id, body } of sample) {
        const response = await GetConsultation(second.port, restoredSession, id);
        const now = response.status === 200 ? JSON.parse(response.body) : null;
        if (JSON.stringify(now) !== JSON.stringify(body)) {
            differing.push(`${id}: was ${JSON.stringify(body).slice(0, 200)}, now ${Describe(response).slice(0, 200)}`);
        }
    }
    Check(sample.length >= 10 && differing.length === 0,
          `${sample.length} sampled consultations read through the API on the copy equal what the original returned`,
          differing.slice(0, 3).join('\n    '));
} finally {
    await StopServer(second);
}
Finish();
