// SPDX-License-Identifier: Apache-2.0
// Audit anchoring (issue 11, item 11) against the real binary and the database itself.
//
//   1. `kasane audit anchor-key --out KEY` makes a secret key file of mode 0600 and prints the public key; it will
//      not replace an existing file;
//   2. the server writes audit entries (reads through the API); `kasane audit anchor` signs the chain heads;
//      `audit verify --anchor FILE --public-key P` passes, and still passes after more entries are appended;
//   3. it fails (non-zero exit, a clear message) with another key's public key, and with an anchor file whose
//      anchored hash was edited (the signature no longer verifies);
//   4. the tail is cut with SQL below the anchored sequence and the chain head row moved back to match: plain
//      `audit verify` passes (the chain is consistent), `verify --anchor` fails naming the cut;
//   5. the server then appends new entries past the anchored sequence (a rewritten chain that verifies on its own):
//      `verify --anchor` fails naming the rewritten entry.
//
// Usage: node run.mjs   with KASANE_BIN, KASANE_TEST_DB (sqlite:PATH or postgresql://...) and KASANE_WORK_DIR set.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Check, Environment, Finish, QueryDatabase, Request, RunKasane, SignIn, StartServer,
         StopServer } from '../crash/harness.mjs';

const { bin, db } = Environment();
const work = process.env.KASANE_WORK_DIR;
if (!work) {
    console.error('KASANE_WORK_DIR must be set');
    process.exit(2);
}
const keyFile = path.join(work, 'anchor.key');
const otherKeyFile = path.join(work, 'other.key');
const anchorFile = path.join(work, 'anchor.json');
for (const file of [keyFile, otherKeyFile, anchorFile]) rmSync(file, { force: true });

const kasane = (args) => {
    const result = spawnSync(bin, args, { encoding: 'utf8' });
    return { code: result.status, output: `${result.stdout}${result.stderr}`.trim() };
};

RunKasane(bin, ['demo', '--db', db]);

// Some reads, so that the chain has entries written by the server.
async function Reads(count) {
    const server = await StartServer(bin, db);
    const session = await SignIn(server.port);
    const persons = await Request(server.port, 'GET', '/api/v1/persons?q=', { headers: { Cookie: session.cookie } });
    const ids = persons.status === 200 ? (JSON.parse(persons.body).items ?? []).map((p) => p.id) : [];
    for (let i = 0; i < count; i++) {
        const target = ids.length > 0 ? `/api/v1/persons/${ids[i % ids.length]}` : '/api/v1/persons?q=' + i;
        await Request(server.port, 'GET', target, { headers: { Cookie: session.cookie } });
    }
    await StopServer(server);
}

// 1. The key.
const made = kasane(['audit', 'anchor-key', '--out', keyFile]);
const publicKey = (made.output.match(/^[0-9a-f]{64}$/m) ?? [])[0];
Check(made.code === 0 && publicKey, 'audit anchor-key writes a key and prints a 64-digit public key', made.output);
Check(existsSync(keyFile) && (statSync(keyFile).mode & 0o777) === 0o600, 'the secret key file is owner-only (0600)',
      existsSync(keyFile) ? (statSync(keyFile).mode & 0o777).toString(8) : 'missing');
const again = kasane(['audit', 'anchor-key', '--out', keyFile]);
Check(again.code !== 0, 'an existing key file is not replaced', again.output);
const other = kasane(['audit', 'anchor-key', '--out', otherKeyFile]);
const otherPublicKey = (other.output.match(/^[0-9a-f]{64}$/m) ?? [])[0];

// 2. Anchor, verify.
await Reads(12);
const anchored = kasane(['audit', 'anchor', '--db', db, '--key-file', keyFile, '--out', anchorFile]);
Check(anchored.code === 0, 'audit anchor signs the chain heads', anchored.output);
const anchor = JSON.parse(readFileSync(anchorFile, 'utf8'));
const head = anchor.heads.find((h) => h.sequence > 0);
Check(head && head.sequence >= 10, 'the anchor holds a head with entries', JSON.stringify(anchor.heads));
const verify = (key = publicKey, file = anchorFile) =>
    kasane(['audit', 'verify', '--db', db, '--anchor', file, '--public-key', key]);
let result = verify();
Check(result.code === 0, 'verify --anchor passes on the untouched chain', result.output);
await Reads(3);
result = verify();
Check(result.code === 0, 'and after more entries were appended', result.output);
const withoutKey = kasane(['audit', 'verify', '--db', db, '--anchor', anchorFile]);
Check(withoutKey.code !== 0 && withoutKey.output.includes('public-key'), '--anchor without --public-key is refused',
      withoutKey.output);

// 3. Another key, an edited anchor.
result = verify(otherPublicKey);
Check(result.code !== 0 && result.output.includes('署名'), 'verify fails with another key’s public key', result.output);
const edited = path.join(work, 'edited.json');
const changed = structuredClone(anchor);
changed.heads.find((h) => h.sequence > 0).sequence -= 5;
writeFileSync(edited, JSON.stringify(changed));
result = verify(publicKey, edited);
Check(result.code !== 0 && result.output.includes('署名'), 'verify fails when the anchor file was edited', result.output);

// 4. Cut the tail below the anchored sequence, and move the head row back so that the chain alone looks whole.
const municipalityId = QueryDatabase(db, `SELECT id FROM municipalities WHERE code = '${head.municipality_code}'`);
const keep = head.sequence - 4;
QueryDatabase(db, `DELETE FROM audit_entries WHERE municipality_id = ${municipalityId} AND sequence > ${keep}`);
const keptHash = QueryDatabase(db, `SELECT hash FROM audit_entries WHERE municipality_id = ${municipalityId} AND sequence = ${keep}`);
QueryDatabase(db, `UPDATE audit_chain_heads SET last_sequence = ${keep}, last_hash = '${keptHash}' WHERE municipality_id = ${municipalityId}`);
const plain = kasane(['audit', 'verify', '--db', db]);
Check(plain.code === 0, 'after the cut (head row moved too), plain audit verify passes: the chain alone cannot tell',
      plain.output);
result = verify();
Check(result.code !== 0 && result.output.includes('末尾が削除'), 'verify --anchor fails: the tail was cut below the anchor',
      result.output);

// 5. New entries past the anchored sequence: a consistent chain, but not the anchored one.
await Reads(8);
const now = Number(QueryDatabase(db, `SELECT last_sequence FROM audit_chain_heads WHERE municipality_id = ${municipalityId}`));
Check(now >= head.sequence, 'the server appended past the anchored sequence again', `${now} vs ${head.sequence}`);
const plainAgain = kasane(['audit', 'verify', '--db', db]);
Check(plainAgain.code === 0, 'plain audit verify passes on the rewritten chain', plainAgain.output);
result = verify();
Check(result.code !== 0 && result.output.includes('書き換え'), 'verify --anchor fails: the entry at the anchored sequence has another hash',
      result.output);
Finish();
