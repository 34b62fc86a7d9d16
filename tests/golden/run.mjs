// SPDX-License-Identifier: Apache-2.0
// Golden files: what Kasane hands to people outside the screen — the OpenAPI document, the genogram SVG, the
// printed papers (case record, meeting papers, disclosure copy, つなぐシート), the audit CSV exports and the 公示
// text of each meeting body — made from the demo town by the real binary and compared with the files under
// expected/, byte for byte. A difference fails the test and prints a unified diff per file.
//
// Determinism: the server and `kasane demo` run with `--test-mode --test-fixed-clock ${NOW}` (every service
// reads that instant as "now"), the data are set up by setup.txt with explicit dates (${today} is the fixed
// clock's JST date), on a fresh SQLite file, one request at a time, so ids and audit sequence numbers come out the
// same on every run. What still varies from run to run is normalised below, and only that: the CSRF token
// (random per session) that pages embed, and the order of audit entries written in the same instant (the audit
// recorder's group commit may store one request's reads and its export entry in either order; with the clock
// fixed every entry has the same instant). Nothing else is rewritten.
//
// Usage: node run.mjs [--rebaseline]   with KASANE_BIN set (and KASANE_TEST_DB=postgresql://... for a fresh
// PostgreSQL database instead of the SQLite file). `make rebaseline` regenerates every file
// deliberately; review the diff (git diff tests/golden/expected) before committing it.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { OpenApiCheck } from '../api/openapi_check.mjs';
import { request, runScenarioText, startServer } from '../api/run.mjs';

const NOW = '2025-06-02T01:00:00.000Z';  // Monday 2 June 2025, 10:00 in Japan (令和7年度)

const here = path.dirname(fileURLToPath(import.meta.url));
const expectedDir = path.join(here, 'expected');
const bin = process.env.KASANE_BIN;
const rebaseline = process.argv.includes('--rebaseline');
if (!bin) {
    console.error('KASANE_BIN must be set');
    process.exit(2);
}

// Random per session: the CSRF token that a page embeds (meta tag, htmx headers, the sign-out form). Exactly that
// value, as the sign-in answered it, is replaced by <csrf>.
function normaliseHtml(text, csrfToken) {
    return text.split(csrfToken).join('<csrf>');
}

// The audit CSV's rows in one order: the BOM, the header and each row's bytes (quoting, CRLF) are kept as served;
// rows are sorted only because their order within one instant is the group commit's (see above).
function normaliseAuditCsv(bytes) {
    const text = bytes.toString('utf8');
    const rows = text.split('\r\n');
    const header = rows.shift();
    const last = rows.pop();
    if (last !== '') throw new Error('the audit CSV does not end with CRLF');
    return Buffer.from([header, ...rows.sort(), ''].join('\r\n'), 'utf8');
}

const work = mkdtempSync(path.join(os.tmpdir(), 'kasane-golden-'));
// A fresh SQLite file, or the fresh PostgreSQL database KASANE_TEST_DB names (golden_postgresql): the same files
// are expected from both.
const db = process.env.KASANE_TEST_DB || `sqlite:${path.join(work, 'golden.db')}`;
const testClock = ['--test-mode', '--test-fixed-clock', NOW];

const demo = spawnSync(bin, ['demo', '--db', db, ...testClock], { encoding: 'utf8' });
if (demo.status !== 0) {
    console.error(`kasane demo failed: ${demo.stdout}${demo.stderr}`);
    process.exit(1);
}

const { child, port } = await startServer(bin, db, testClock);
const outputs = new Map();  // file name -> Buffer
let setupFailures = 0;
try {
    const host = { Host: `127.0.0.1:${port}` };
    const served = await request(port, 'GET', '/api/v1/openapi.json', host);
    if (served.status !== 200) throw new Error(`GET /api/v1/openapi.json: ${served.status}`);
    outputs.set('openapi.json', Buffer.from(served.body, 'utf8'));
    const openapi = new OpenApiCheck(JSON.parse(served.body));

    const vars = {};
    const setup = await runScenarioText(readFileSync(path.join(here, 'setup.txt'), 'utf8'), 'setup.txt', port,
                                        openapi, { now: Date.parse(NOW), vars });
    setupFailures = setup.failures;
    if (setupFailures > 0) throw new Error(`setup.txt: ${setupFailures} exchanges failed`);

    const sessions = {};
    async function signIn(username) {
        const body = Buffer.from(JSON.stringify({ username, password: 'kasane-demo' }), 'utf8');
        const response = await request(port, 'POST', '/api/v1/sessions',
                                       { ...host, 'Content-Type': 'application/json', 'Content-Length': body.length },
                                       body);
        if (response.status !== 201) throw new Error(`sign-in of ${username}: ${response.status} ${response.body}`);
        const cookie = [].concat(response.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
        sessions[username] = { cookie, csrf: JSON.parse(response.body).csrf_token };
    }
    // Fetches `target` as `username`; the raw bytes, or a failure naming the target.
    async function fetchAs(username, target) {
        if (!sessions[username]) await signIn(username);
        const response = await new Promise((resolve, reject) => {
            const req = http.request({ host: '127.0.0.1', port, method: 'GET', path: encodeURI(target),
                                       headers: { ...host, Cookie: sessions[username].cookie } }, (res) => {
                const chunks = [];
                res.on('data', (chunk) => chunks.push(chunk));
                res.on('end', () => resolve({ status: res.statusCode, headers: res.headers,
                                              body: Buffer.concat(chunks) }));
            });
            req.on('error', reject);
            req.end();
        });
        if (response.status !== 200) {
            throw new Error(`GET ${target} as ${username}: ${response.status} ${response.body.toString('utf8').slice(0, 300)}`);
        }
        return response;
    }
    const page = async (user, target) =>
        Buffer.from(normaliseHtml((await fetchAs(user, target)).body.toString('utf8'), sessions[user].csrf));

    // Printed papers (the coordinator holds the export right by default).
    const casePage = (await fetchAs('demo-coordinator', `/cases/${vars.case_id}`)).body.toString('utf8');
    const svg = casePage.match(/<svg[\s\S]*?<\/svg>/);
    if (!svg) throw new Error(`no genogram <svg> on /cases/${vars.case_id}`);
    outputs.set('genogram.svg', Buffer.from(`${svg[0]}\n`, 'utf8'));
    outputs.set('case-print.html', await page('demo-coordinator', `/cases/${vars.case_id}/print`));
    outputs.set('meeting-papers.html', await page('demo-coordinator', `/meetings/${vars.multilayer_meeting_id}/papers`));
    outputs.set('disclosure-copy.html', await page('demo-coordinator', `/persons/${vars.son_id}/disclosure`));
    outputs.set('disclosure-copy.json',
                (await fetchAs('demo-coordinator', `/api/v1/persons/${vars.son_id}/disclosure-copy`)).body);
    outputs.set('referral-sheet.html', await page('demo-houkatsu', `/referrals/${vars.referral_id}`));

    // 公示 of every meeting body of the demo town: the page and the API's text.
    const bodies = JSON.parse((await fetchAs('demo-coordinator', '/api/v1/meeting-bodies')).body.toString('utf8'));
    for (const body of bodies.items) {
        const name = `announcement-${body.legal_basis}`;
        outputs.set(`${name}.html`, await page('demo-coordinator', `/meeting-bodies/${body.id}/announcement`));
        const announcement = JSON.parse(
            (await fetchAs('demo-coordinator', `/api/v1/meeting-bodies/${body.id}/announcement`)).body.toString('utf8'));
        outputs.set(`${name}.txt`, Buffer.from(`${announcement.text}\n`, 'utf8'));
    }

    // Exports, compared byte for byte (UTF-8 with a BOM, CRLF): the audit trail of one user and the list of
    // exports made above, both by the auditor, for the fixed day (the default period counts back from the wall
    // clock in places, so it is named).
    const period = `from=${vars.yesterday}&to=${vars.today}`;
    const auditCsv = async (target) => normaliseAuditCsv((await fetchAs('demo-auditor', target)).body);
    outputs.set('audit-user-coordinator.csv',
                await auditCsv(`/audit/user?user_id=${vars.coordinator_user_id}&${period}&format=csv`));
    outputs.set('audit-exports.csv', await auditCsv(`/audit/exports?${period}&format=csv`));
} catch (error) {
    console.log(`not ok - making the golden outputs: ${error.message}`);
    setupFailures = Math.max(setupFailures, 1);
} finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => { if (child.exitCode !== null) resolve(); else child.on('exit', resolve); });
}
if (setupFailures > 0) {
    rmSync(work, { recursive: true, force: true });
    process.exit(1);
}

const expectedNames = existsSync(expectedDir) ? readdirSync(expectedDir).sort() : [];
if (rebaseline) {
    mkdirSync(expectedDir, { recursive: true });
    for (const name of expectedNames) {
        if (!outputs.has(name)) {
            rmSync(path.join(expectedDir, name));
            console.log(`removed ${name}`);
        }
    }
    for (const [name, bytes] of outputs) {
        const file = path.join(expectedDir, name);
        const changed = !existsSync(file) || !readFileSync(file).equals(bytes);
        if (changed) writeFileSync(file, bytes);
        console.log(`${changed ? 'wrote' : 'same '} ${name}`);
    }
    rmSync(work, { recursive: true, force: true });
    console.log('Review the changes with `git diff tests/golden/expected` before committing them.');
    process.exit(0);
}

let failures = 0;
const actualDir = path.join(work, 'actual');
mkdirSync(actualDir);
for (const [name, bytes] of outputs) {
    const file = path.join(expectedDir, name);
    if (!existsSync(file)) {
        failures++;
        console.log(`not ok - ${name}: no golden file (run \`make rebaseline\` and review it)`);
        continue;
    }
    if (readFileSync(file).equals(bytes)) {
        console.log(`ok - ${name}`);
        continue;
    }
    failures++;
    console.log(`not ok - ${name} differs from tests/golden/expected/${name}:`);
    writeFileSync(path.join(actualDir, name), bytes);
    const diff = spawnSync('diff', ['-u', '-a', '--label', `expected/${name}`, '--label', `actual/${name}`, file,
                                    path.join(actualDir, name)], { encoding: 'utf8', maxBuffer: 1 << 26 });
    const lines = diff.stdout.split('\n');
    console.log(lines.slice(0, 200).map((line) => `    ${line}`).join('\n'));
    if (lines.length > 200) console.log(`    … ${lines.length - 200} more lines of diff`);
}
for (const name of expectedNames) {
    if (!outputs.has(name)) {
        failures++;
        console.log(`not ok - tests/golden/expected/${name} is no longer produced (run \`make rebaseline\`)`);
    }
}
rmSync(work, { recursive: true, force: true });
console.log(`${outputs.size - failures} of ${outputs.size} golden files match${failures ? '; if the change is ' +
            'intended, run `make rebaseline` and review `git diff tests/golden/expected`' : ''}`);
process.exit(failures === 0 ? 0 : 1);
