// SPDX-License-Identifier: Apache-2.0
// Issue 13, item 2 (相談受付簿) in the browser: the book opens on today, pages 50 at a time, filters by 相談経路 with
// the keyboard, and exports what it shows — the Shift_JIS file (Windows-31J, for older Excel) decoded here in Node
// and the UTF-8 file with its BOM — each with the same rows as the page. The coordinator of 福祉課 reads the
// entries the 福祉課 caseworker made (the book's scope is the organisation that received them).
//
// The data: 53 consultations set up through the API on a fixed clock (Monday 2 June 2025, 10:00 in Japan) — one
// about a new person, 52 more about her, half from 本人 and half from 近隣.
//
//   KASANE_BIN, KASANE_TEST_DB_URL, KASANE_SCREENSHOT_DIR as in journey.test.mjs.

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { OpenApiCheck } from '../api/openapi_check.mjs';
import { request, runScenarioText } from '../api/run.mjs';
import {
  Download, NewWatchedPage, SignIn, StartKasane, StopKasane, UnexpectedProblems, backend, baseUrl,
  screenshotDir,
} from './support.mjs';

const NOW = '2025-06-02T01:00:00.000Z';
const NEIGHBOUR_CALLS = 26;
const TOTAL = 53;
let page;

before(async () => {
  await StartKasane('kasane-book-', { arguments: ['--test-mode', '--test-fixed-clock', NOW] });
  const port = Number(new URL(baseUrl).port);
  const served = await request(port, 'GET', '/api/v1/openapi.json', { Host: `127.0.0.1:${port}` });
  assert.equal(served.status, 200);
  const openapi = new OpenApiCheck(JSON.parse(served.body));
  let text = `### the caseworker signs in\n@as caseworker\nPOST /api/v1/sessions\n\n` +
             `{"username": "demo-caseworker", "password": "kasane-demo"}\n----\n201\n@save csrf csrf_token\n\n` +
             `### the first call, about a new person\nPOST /api/v1/consultations\nX-CSRF-Token: \${csrf}\n\n` +
             `{"new_person": {"family_name": "帳簿", "given_name": "花子", "family_name_kana": "チョウボ", ` +
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
  const seeded = await runScenarioText(text, 'consultation-book-setup', port, openapi, { now: Date.parse(NOW), vars: {} });
  assert.equal(seeded.failures, 0, 'setting up the consultations failed');
  page = await NewWatchedPage('coordinator');
  await SignIn(page, 'demo-coordinator');
});

after(StopKasane);

const rows = () => page.locator('#book tbody tr');

test('the book opens on today and pages 50 at a time', async () => {
  const response = await page.goto(`${baseUrl}/consultations`);
  assert.equal(response.status(), 200);
  assert.equal(await rows().count(), 50);
  await Promise.all([page.waitForURL(/page=2/), page.getByRole('link', { name: '次の50件' }).click()]);
  assert.equal(await rows().count(), TOTAL - 50);
  assert.equal(await page.getByRole('link', { name: '次の50件' }).count(), 0);
  await Promise.all([page.waitForURL((url) => !/page=2/.test(url.search)),
                     page.getByRole('link', { name: '前の50件' }).click()]);
  assert.equal(await rows().count(), 50);
  assert.deepEqual(UnexpectedProblems(), []);
});

test('a filter chosen with the keyboard keeps its choice and narrows the rows', async () => {
  await page.goto(`${baseUrl}/consultations`);
  await page.getByLabel('相談経路').focus();
  await page.getByLabel('相談経路').selectOption({ label: '近隣' });
  await Promise.all([page.waitForURL(/source=neighbor/), page.getByRole('button', { name: '表示' }).press('Enter')]);
  assert.equal(await rows().count(), NEIGHBOUR_CALLS);
  assert.equal(await page.getByLabel('相談経路').inputValue(), 'neighbor');
  for (const cell of await page.locator('#book tbody tr td:nth-child(5)').allInnerTexts()) assert.match(cell, /^近隣/);
  await page.screenshot({ path: path.join(screenshotDir, `kasane-book-${backend}.png`), fullPage: true });
  assert.deepEqual(UnexpectedProblems(), []);
});

test('the filtered book downloads as Shift_JIS for older Excel and as UTF-8 with a BOM, row for row', async () => {
  await page.goto(`${baseUrl}/consultations?source=neighbor`);
  const sjis = await Download(page, 'CSV出力（Shift_JIS・古いExcel用）');
  assert.notDeepEqual([...sjis.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a Shift_JIS file carries no BOM');
  const text = new TextDecoder('shift_jis', { fatal: true }).decode(sjis);
  const lines = text.split('\r\n').filter((line) => line !== '');
  assert.equal(lines.length, NEIGHBOUR_CALLS + 1, text);
  assert.match(lines[0], /受付日時/);
  assert.ok(lines.slice(1).every((line) => line.includes('帳簿') && line.includes('近隣')), text);

  const utf8 = await Download(page, 'CSV出力（UTF-8）');
  assert.deepEqual([...utf8.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 for Excel starts with a BOM');
  const utf8Lines = utf8.subarray(3).toString('utf8').split('\r\n').filter((line) => line !== '');
  assert.deepEqual(utf8Lines, lines);
  assert.deepEqual(UnexpectedProblems(), []);
});

test('a wrong period is refused beside the filter, with what was typed kept', async () => {
  await page.goto(`${baseUrl}/consultations`);
  await page.getByLabel('受付日（から）').fill('2025-06-02');
  await page.getByLabel('受付日（まで）').fill('2025-06-01');
  await Promise.all([page.waitForURL(/to=2025-06-01/), page.getByLabel('受付日（まで）').press('Enter')]);
  assert.match(await page.locator('#book-error').innerText(), /終わりが始まりより前/);
  assert.equal(await page.getByLabel('受付日（から）').inputValue(), '2025-06-02');
  assert.equal(await rows().count(), 0);
  assert.deepEqual(UnexpectedProblems(), []);
});
