// SPDX-License-Identifier: Apache-2.0
// `kasane report verify` (issue 18, item 2) against the real binary and the database itself:
//
//   1. after `kasane demo` (a bulk session, which rebuilds the aggregates at its end) every town's maintained
//      aggregates equal a recount: verify exits 0, for every town and for one town by --municipality;
//   2. an aggregate tampered with SQL (a 実人数 and a 延べ day): verify exits non-zero and names each difference;
//   3. put back, verify passes again; an unknown --municipality is refused.
//
// Usage: node run.mjs   with KASANE_BIN and KASANE_TEST_DB (sqlite:PATH or postgresql://...) set.

import { spawnSync } from 'node:child_process';
import { Check, Environment, Finish, QueryDatabase, RunKasane } from '../crash/harness.mjs';

const { bin, db } = Environment();
const kasane = (args) => {
    const result = spawnSync(bin, args, { encoding: 'utf8' });
    return { code: result.status, output: `${result.stdout}${result.stderr}`.trim() };
};

RunKasane(bin, ['demo', '--db', db]);

// 1. Whole after the demo.
const clean = kasane(['report', 'verify', '--db', db]);
Check(clean.code === 0 && /一致しました/.test(clean.output), 'verify passes after kasane demo', clean.output);
const code = QueryDatabase(db, 'SELECT code FROM municipalities ORDER BY id LIMIT 1');
const one = kasane(['report', 'verify', '--db', db, '--municipality', code]);
Check(one.code === 0 && one.output.split('\n').length === 1, `verify --municipality ${code} checks that town`,
      one.output);
const days = Number(QueryDatabase(db, 'SELECT COUNT(*) FROM report_contact_days'));
Check(days > 0, 'the demo has 延べ day rows', String(days));

// 2. Tampered.
const year = QueryDatabase(db, "SELECT MIN(fiscal_year) FROM report_year_distinct WHERE bucket = 'all'");
const day = QueryDatabase(db, "SELECT MIN(day) FROM report_contact_days WHERE bucket = 'all'");
QueryDatabase(db, `UPDATE report_year_distinct SET members = members + 1 WHERE bucket = 'all' AND fiscal_year = ${year}`);
QueryDatabase(db, `UPDATE report_contact_days SET contacts = contacts + 5 WHERE bucket = 'all' AND day = ${day}`);
const tampered = kasane(['report', 'verify', '--db', db]);
const dayText = `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6, 8)}`;
Check(tampered.code !== 0, 'verify exits non-zero on a tampered aggregate', `exit ${tampered.code}`);
Check(new RegExp(`実人数 ${year}年度 all: 記録から \\d+, 集計表 \\d+`).test(tampered.output),
      'verify names the tampered 実人数', tampered.output);
Check(new RegExp(`延べ ${dayText} all: 記録から \\d+, 集計表 \\d+`).test(tampered.output),
      'verify names the tampered 延べ day', tampered.output);
Check(/2 か所で違います/.test(tampered.output), 'verify counts the differences', tampered.output);

// 3. Put back.
QueryDatabase(db, `UPDATE report_year_distinct SET members = members - 1 WHERE bucket = 'all' AND fiscal_year = ${year}`);
QueryDatabase(db, `UPDATE report_contact_days SET contacts = contacts - 5 WHERE bucket = 'all' AND day = ${day}`);
const repaired = kasane(['report', 'verify', '--db', db]);
Check(repaired.code === 0, 'verify passes again once the rows are put back', repaired.output);
const unknown = kasane(['report', 'verify', '--db', db, '--municipality', '999999']);
Check(unknown.code !== 0 && /999999/.test(unknown.output), 'an unknown --municipality is refused', unknown.output);
Finish();
