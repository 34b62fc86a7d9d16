// SPDX-License-Identifier: Apache-2.0
// Issue 17, item 4 (出力ファイル) in the browser: the coordinator of 福祉課 starts a background export of the
// 相談受付簿 from the book's page with its filter (相談経路 近隣), in Shift_JIS; the 出力ファイル page shows the job
// with a <progress> and its status in Japanese, refreshing itself until it is done; the file downloads from there
// and, decoded here in Node from Shift_JIS, holds the same rows as the direct export of the same filter. The
// caseworker, who holds no export right, does not see the coordinator's job. On the 出力ファイル page itself the
// whole book is queued as Excel (XLSX), waited for, downloaded and read back: the sheet 受付簿 with its 和暦 title, the
// column names and every row of the direct CSV export.
//
// The data: 12 consultations set up through the API on a fixed clock (Monday 2 June 2025, 10:00 in Japan), 5 of
// them from 近隣.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { OpenApiCheck } from '../api/openapi_check.mjs';
import { request, runScenarioText } from '../api/run.mjs';
import { Download, NewWatchedPage, SheetRows, SignIn, StartKasane, StopKasane, UnexpectedProblems, Unzip, baseUrl } from './support.mjs';

const NOW = '2025-06-02T01:00:00.000Z';
const NEIGHBOUR_CALLS = 5;
const TOTAL = 12;
let page;
let caseworker;

before(async () => {
  await StartKasane('kasane-background-export-', { arguments: ['--test-mode', '--test-fixed-clock', NOW] });
  const port = Number(new URL(baseUrl).port);
  const served = await request(port, 'GET', '/api/v1/openapi.json', { Host: `127.0.0.1:${port}` });
  assert.equal(served.status, 200);
  const openapi = new OpenApiCheck(JSON.parse(served.body));
  let text = `### the caseworker signs in\n@as caseworker\nPOST /api/v1/sessions\n\n` +
             `{"username": "demo-caseworker", "password": "kasane-demo"}\n----\n201\n@save csrf csrf_token\n\n` +
             `### the first call, about a new person\nPOST /api/v1/consultations\nX-CSRF-Token: \${csrf}\n\n` +
             `{"new_person": {"family_name": "出力", "given_name": "花子", "family_name_kana": "シュツリョク", ` +
             `"given_name_kana": "ハナコ", "birth_date": "1948-05-05", "sex": "female"}, ` +
             `"chief_complaint": "一人暮らしで食事がとれていない", "categories": [{"code": "debt", "most_pressing": true}], ` +
             `"first_contact": {"occurred_at": "\${today} 08:00", "channel": "phone", "source": "self", ` +
             `"summary": "本人から電話。", "summary_tag": "fact"}}\n----\n201\n@save person_id person_id\n\n`;
  for (let i = 1; i < TOTAL; ++i) {
    const source = i <= NEIGHBOUR_CALLS ? 'neighbor' : 'self';
    const minute = String(i % 60).padStart(2, '0');
    text += `### call ${i}\nPOST /api/v1/consultations\nX-CSRF-Token: \${csrf}\n\n` +
            `{"person_id": \${person_id}, "chief_complaint": "見守りの相談 ${i}件目", ` +
            `"categories": [{"code": "debt", "most_pressing": true}], ` +
            `"first_contact": {"occurred_at": "\${today} 09:${minute}", "channel": "phone", "source": "${source}", ` +
            `"summary": "電話を受けた。", "summary_tag": "fact"}}\n----\n201\n\n`;
  }
  const seeded = await runScenarioText(text, 'background-export-setup', port, openapi, { now: Date.parse(NOW), vars: {} });
  assert.equal(seeded.failures, 0, 'setting up the consultations failed');
  page = await NewWatchedPage('coordinator');
  await SignIn(page, 'demo-coordinator');
  caseworker = await NewWatchedPage('caseworker');
  await SignIn(caseworker, 'demo-caseworker');
});

after(StopKasane);

test('an export started from the book runs in the background, shows its progress and downloads in Shift_JIS', async () => {
  await page.goto(`${baseUrl}/consultations?source=neighbor`);
  const direct = await Download(page, 'CSV出力（Shift_JIS・古いExcel用）');
  await page.getByLabel('大量出力の形式').selectOption({ label: 'CSV（Shift_JIS・古いExcel用）' });
  await Promise.all([page.waitForURL(/\/exports$/),
                     page.getByRole('button', { name: '大量出力（バックグラウンド）' }).click()]);
  assert.match(await page.locator('h2').first().innerText(), /出力ファイル/);
  const row = page.locator('#exports-table tbody tr').first();
  assert.equal(await row.locator('progress').count(), 1);
  // The page refreshes itself while the job runs; it is done within seconds.
  for (let i = 0; i < 40 && (await row.getAttribute('data-status')) !== 'done'; ++i) {
    await page.waitForTimeout(500);
    await page.goto(`${baseUrl}/exports`);
  }
  assert.equal(await row.getAttribute('data-status'), 'done');
  assert.match(await row.locator('.export-status').innerText(), /完了/);
  assert.match(await row.locator('.export-rows').innerText(), new RegExp(`${NEIGHBOUR_CALLS} / ${NEIGHBOUR_CALLS}件`));
  assert.equal(await row.locator('progress').getAttribute('value'), String(NEIGHBOUR_CALLS));
  const [download] = await Promise.all([page.waitForEvent('download'), row.locator('a.export-download').click()]);
  const { readFileSync } = await import('node:fs');
  const sjis = readFileSync(await download.path());
  assert.notDeepEqual([...sjis.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a Shift_JIS file carries no BOM');
  const text = new TextDecoder('shift_jis', { fatal: true }).decode(sjis);
  const lines = text.split('\r\n').filter((line) => line !== '');
  assert.equal(lines.length, NEIGHBOUR_CALLS + 1, text);
  assert.match(lines[0], /受付日時/);
  assert.ok(lines.slice(1).every((line) => line.includes('出力') && line.includes('近隣')), text);
  assert.deepEqual(sjis, direct, 'the background file is the direct export of the same filter');
  assert.deepEqual(UnexpectedProblems(), []);
});

test('the whole book is queued as Excel on 出力ファイル itself, and the workbook reads back as the direct export', async () => {
  await page.goto(`${baseUrl}/consultations?status=any`);
  const direct = await Download(page, 'CSV出力（UTF-8）');
  await page.goto(`${baseUrl}/exports`);
  await page.getByLabel('出力の形式').selectOption({ label: 'Excel（XLSX）' });
  await Promise.all([page.waitForURL(/\/exports$/), page.getByRole('button', { name: '出力を始める' }).click()]);
  const row = page.locator('#exports-table tbody tr').first();
  assert.match(await row.locator('td').nth(2).innerText(), /Excel（XLSX）/);
  for (let i = 0; i < 40 && (await row.getAttribute('data-status')) !== 'done'; ++i) {
    await page.waitForTimeout(500);
    await page.goto(`${baseUrl}/exports`);
  }
  assert.equal(await row.getAttribute('data-status'), 'done');
  assert.match(await row.locator('.export-rows').innerText(), /^(\d+) \/ \1件$/);
  const [download] = await Promise.all([page.waitForEvent('download'), row.locator('a.export-download').click()]);
  assert.match(download.suggestedFilename(), /\.xlsx$/);
  const { readFileSync } = await import('node:fs');
  const xlsx = readFileSync(await download.path());
  assert.ok(Unzip(xlsx).has('xl/worksheets/sheet1.xml'));
  const rows = SheetRows(xlsx, 1);
  // The 和暦 title names the period: the book's default, today (every consultation of the setup is today's).
  assert.equal(rows[0][0], '相談受付簿（令和7年6月2日～令和7年6月2日）');
  const csv = new TextDecoder('utf-8').decode(direct).replace(/^\uFEFF/, '').split('\r\n').filter((line) => line !== '');
  assert.equal(rows.length, csv.length + 1, 'the title, the heading and every row');
  assert.equal(rows[1].join(','), csv[0], 'the column names of the CSV');
  // Every row as the CSV has it (none of these cells needs quoting); 対応回数 is a number cell.
  for (let i = 1; i < csv.length; ++i) assert.equal(rows[i + 1].join(','), csv[i], `row ${i}`);
  assert.deepEqual(UnexpectedProblems(), []);
});

test('the navigation leads to 出力ファイル, and another user does not see the job', async () => {
  await page.goto(`${baseUrl}/consultations`);
  await Promise.all([page.waitForURL(/\/exports$/), page.getByRole('link', { name: '出力ファイル' }).first().click()]);
  assert.equal(await page.locator('#exports-table tbody tr').count(), 2);
  await caseworker.goto(`${baseUrl}/exports`);
  assert.equal(await caseworker.locator('#exports-table').count(), 0);
  assert.match(await caseworker.locator('#exports-empty').innerText(), /まだありません/);
  const job = (await (await page.request.get(`${baseUrl}/api/v1/exports`)).json()).items[0];
  const other = await caseworker.request.get(`${baseUrl}/api/v1/exports/${job.id}/file`);
  assert.equal(other.status(), 404);
  assert.deepEqual(UnexpectedProblems(), []);
});
