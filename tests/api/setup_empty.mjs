// SPDX-License-Identifier: Apache-2.0
// The first run through the API (issue 14, item 1), from an empty database: `kasane serve` prints the set-up URL
// with its one-time token; until set-up every other route answers that set-up is pending (503); POST /api/v1/setup
// refuses bad input with a JSON error naming the field and saves nothing (the same token still works); a good
// request sets the town up (201); the token never works twice; and the new administrator signs in. Every
// response is checked against the served OpenAPI document.
//
//   KASANE_BIN     the kasane binary
//   KASANE_TEST_DB the database URL (an empty SQLite file or PostgreSQL database)

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';

import { OpenApiCheck } from './openapi_check.mjs';

const bin = process.env.KASANE_BIN;
const db = process.env.KASANE_TEST_DB;

function startServer() {
    return new Promise((resolve, reject) => {
        const child = spawn(bin, ['serve', '--db', db, '--listen', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'inherit'] });
        let output = '';
        const timer = setTimeout(() => reject(new Error(`server did not start: ${output}`)), 30000);
        child.stdout.on('data', (chunk) => {
            output += chunk.toString();
            const match = output.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
            if (match) { clearTimeout(timer); resolve({ child, url: match[1], output }); }
        });
        child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited ${code}: ${output}`)); });
    });
}

const { child, url, output } = await startServer();
let failures = 0;
try {
    const token = output.match(/\/setup\?token=([A-Za-z0-9_-]+)/)?.[1];
    assert.ok(token, `no set-up URL printed:\n${output}`);
    const openapi = new OpenApiCheck(await (await fetch(`${url}/api/v1/openapi.json`)).json());
    async function call(title, method, target, body, expectedStatus, check = () => {}) {
        const response = await fetch(`${url}${target}`, {
            method,
            headers: body ? { 'Content-Type': 'application/json' } : {},
            body: body ? JSON.stringify(body) : undefined,
        });
        const text = await response.text();
        const problems = openapi.check(method, target, {
            status: response.status,
            headers: { 'content-type': response.headers.get('content-type') },
            body: text,
        });
        try {
            assert.equal(response.status, expectedStatus, text);
            check(text ? JSON.parse(text) : null);
        } catch (error) {
            problems.push(error.message);
        }
        if (problems.length > 0) {
            failures++;
            console.log(`not ok - ${title}\n    ${problems.join('\n    ')}`);
        } else {
            console.log(`ok - ${title}`);
        }
    }
    const hokuei = {
        token,
        code: '313726',
        name: '北栄町',
        prefecture_name: '鳥取県',
        figures: [{ fiscal_year: 2025, population: 14300, households: 5420, aging_rate: 36.2 },
                  { fiscal_year: 2024, population: 14500, households: 5400, aging_rate: 35.8 }],
        organization_name: '福祉課',
        admin_username: 'hokuei-admin',
        admin_display_name: '北栄 太郎',
        admin_password: 'correct horse battery',
    };
    // Before set-up there is no account to sign in with: a signed-in route says that set-up is pending (not 401).
    await call('a signed-in route answers that set-up is pending', 'GET', '/api/v1/persons?q=x', null, 503,
               (b) => assert.match(b.error.message, /初期設定/));
    await call('sign-in answers that set-up is pending', 'POST', '/api/v1/sessions',
               { username: 'x', password: 'y' }, 503,
               (b) => assert.match(b.error.message, /初期設定/));
    await call('a wrong check digit is refused naming the field', 'POST', '/api/v1/setup', { ...hokuei, code: '313727' }, 400,
               (b) => assert.equal(b.error.field, 'code'));
    await call('the wrong prefecture is refused naming the field', 'POST', '/api/v1/setup',
               { ...hokuei, prefecture_name: '島根県' }, 400, (b) => assert.equal(b.error.field, 'prefecture_name'));
    await call('a 高齢化率 with two decimals is refused naming the row', 'POST', '/api/v1/setup',
               { ...hokuei, figures: [{ fiscal_year: 2025, population: 14300, households: 5420, aging_rate: 36.25 }] }, 400,
               (b) => assert.equal(b.error.field, 'figures[0].aging_rate'));
    await call('more households than people are refused naming the row', 'POST', '/api/v1/setup',
               { ...hokuei, figures: [{ fiscal_year: 2025, population: 100, households: 5420, aging_rate: 36.2 }] }, 400,
               (b) => assert.equal(b.error.field, 'figures[0].households'));
    await call('a short password is refused naming the field', 'POST', '/api/v1/setup', { ...hokuei, admin_password: 'short' }, 400,
               (b) => assert.equal(b.error.field, 'admin_password'));
    await call('nothing was saved: sign-in still waits', 'POST', '/api/v1/sessions', { username: 'hokuei-admin', password: 'correct horse battery' }, 503);
    await call('the town is set up', 'POST', '/api/v1/setup', hokuei, 201, (b) => {
        assert.equal(b.municipality.code, '313726');
        assert.deepEqual(b.administrator.roles, ['municipal_administrator']);
        assert.ok(b.worry_categories > 0);
        const bases = b.meeting_bodies.map((m) => m.legal_basis);
        for (const basis of ['article_106_6', 'multilayer_meeting', 'isolation_council', 'poverty_support',
                             'child_protection', 'community_care_meeting', 'disability_council', 'public_assistance',
                             'consumer_safety_council', 'women_support_council']) {
            assert.ok(bases.includes(basis), basis);
        }
    });
    await call('the token works once', 'POST', '/api/v1/setup', { ...hokuei, code: '131016', name: '千代田区', prefecture_name: '東京都' }, 403,
               (b) => assert.equal(b.error.field, 'token'));
    await call('the administrator signs in', 'POST', '/api/v1/sessions', { username: 'hokuei-admin', password: 'correct horse battery' }, 201,
               (b) => assert.equal(b.municipality.code, '313726'));
    await call('once set up, a signed-in route without a session answers 401', 'GET', '/api/v1/persons?q=x', null, 401);
} finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => { if (child.exitCode !== null) resolve(); else child.on('exit', resolve); });
}
if (failures > 0) {
    console.log(`${failures} failed`);
    process.exit(1);
}
