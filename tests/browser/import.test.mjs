// SPDX-License-Identifier: Apache-2.0
// Issue 14, item 4 (moving in) in the browser: the town's administrator imports last year's Excel 相談記録 — the
// 相談受付簿 as Shift_JIS CSV and the 対応経過 as UTF-8 CSV with BOM (tests/data/import-samples) — through the upload,
// the mapping screen (the encodings found shown), the dry run (every problem with its row and column, the likely
// duplicates) and the confirmation with the problem rows excluded explicitly; the 年度集計 of 令和5年度 then counts
// the sample's 414 contacts more (expected.json). Importing the same files again creates nothing and changes no count.
//
//   KASANE_BIN, KASANE_TEST_DB_URL, KASANE_SCREENSHOT_DIR as in journey.test.mjs.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';

import {
  NewWatchedPage, SignIn, StartKasane, StopKasane, SubmitAndWait, UnexpectedProblems, backend, baseUrl,
  screenshotDir,
} from './support.mjs';

const samples = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'data', 'import-samples');
const expected = JSON.parse(readFileSync(path.join(samples, 'expected.json'), 'utf8'));
let page;

before(async () => {
  await StartKasane('kasane-import-');
  page = await NewWatchedPage('town-admin');
  await SignIn(page, 'demo-town-admin');
});

after(StopKasane);

async function FiscalYearContacts() {
  await page.goto(`${baseUrl}/reports/fiscal-year?year=2023`);
  return Number((await page.locator('#total-contacts').innerText()).replace(/[^0-9]/g, ''));
}

async function UploadSamples() {
  await page.goto(`${baseUrl}/admin/import`);
  await page.locator('#import-file-1').setInputFiles(path.join(samples, 'soudan-r5-uketsuke.csv'));
  await page.locator('#import-file-2').setInputFiles(path.join(samples, 'soudan-r5-keika.csv'));
  await Promise.all([page.waitForURL(/\/admin\/import\/mapping\?uploads=\d+,\d+$/), page.locator('#import-upload-submit').click()]);
  await page.waitForLoadState('load');
}

test('the samples imported once: mapping, dry run, explicit exclusion, and the 年度集計 of 令和5年度', async () => {
  const before = await FiscalYearContacts();

  await UploadSamples();
  // The encodings found, shown; the tables' kinds and columns guessed from the headers.
  assert.equal(await page.locator('#import-encoding-0').innerText(), 'Shift_JIS（Windows-31J）');
  assert.equal(await page.locator('#import-encoding-1').innerText(), 'UTF-8（BOM付き）');
  assert.equal(await page.locator('#import-rows-0').innerText(), String(expected.consultation_rows));
  assert.equal(await page.locator('#import-rows-1').innerText(), String(expected.contact_rows));
  assert.equal(await page.locator('#t0_kind').inputValue(), 'consultations');
  assert.equal(await page.locator('#t1_kind').inputValue(), 'contacts');
  assert.equal(await page.getByLabel('受付日', { exact: true }).inputValue(), 'received_on');
  assert.equal(await page.getByLabel('相談分類', { exact: true }).inputValue(), 'categories');

  await SubmitAndWait(page, page.locator('#import-dry-run'));
  // Every problem row of expected.json, with its column; nothing written yet.
  const issues = await page.locator('#import-issues tbody tr').evaluateAll((rows) =>
    rows.map((row) => [row.dataset.number, row.dataset.field]));
  const fields = { date: 'received_on', categories: 'categories', born: 'birth_date', no: 'number' };
  for (const [number, column] of expected.rows_with_errors) {
    assert.ok(issues.some(([n, f]) => n === String(number) && f === fields[column]), `row ${number} ${column}: ${JSON.stringify(issues)}`);
  }
  assert.equal(new Set(issues.map(([n]) => n)).size, expected.rows_with_errors.length);
  assert.match(await page.locator('#import-issues').innerText(), /令和5年2月30日は存在しない日付です/);
  const duplicates = await page.locator('#import-duplicates tbody tr').evaluateAll((rows) =>
    rows.map((row) => [Number(row.dataset.number), Number(row.dataset.otherNumber)].sort((a, b) => a - b)));
  assert.deepEqual(duplicates.sort((a, b) => a[0] - b[0]), expected.likely_duplicates_by_variant_kanji);
  assert.equal(await page.locator('#import-anonymous').innerText(), String(expected.anonymous_rows.length));
  assert.equal(await FiscalYearContacts(), before);

  // Confirming without excluding the problem rows is refused, and writes nothing.
  await UploadSamples();
  await SubmitAndWait(page, page.locator('#import-dry-run'));
  const refused = await SubmitAndWait(page, page.locator('#import-confirm'));
  assert.equal(refused.status(), 400);
  assert.match(await page.locator('#import-error').innerText(), /除外することを確認してください/);
  assert.deepEqual(UnexpectedProblems(400), []);
  assert.equal(await FiscalYearContacts(), before);

  await UploadSamples();
  await SubmitAndWait(page, page.locator('#import-dry-run'));
  for (const box of await page.locator('.import-exclude').all()) await box.check();
  const done = await SubmitAndWait(page, page.locator('#import-confirm'));
  assert.equal(done.status(), 201);
  const created = Number(await page.locator('#import-consultations-created').innerText());
  assert.equal(created, expected.consultation_rows - 5);  // 11, 21, 41 and both rows of No 51
  await page.screenshot({ path: path.join(screenshotDir, `kasane-import-${backend}.png`), fullPage: true });

  const after = await FiscalYearContacts();
  assert.equal(after - before, expected.contacts_in_fy2023_of_valid_rows);
  assert.deepEqual(UnexpectedProblems(), []);
});

test('the same files imported again change nothing', async () => {
  const before = await FiscalYearContacts();
  await UploadSamples();
  await SubmitAndWait(page, page.locator('#import-dry-run'));
  assert.equal(await page.locator('#import-consultations-to-create').innerText(), '0');
  assert.equal(await page.locator('#import-contacts-to-create').innerText(), '0');
  assert.equal(await page.locator('#import-persons-to-create').innerText(), '0');
  assert.ok(await page.locator('#import-nothing').isVisible());
  for (const box of await page.locator('.import-exclude').all()) await box.check();
  const done = await SubmitAndWait(page, page.locator('#import-confirm'));
  assert.equal(done.status(), 201);
  assert.equal(await page.locator('#import-consultations-created').innerText(), '0');
  assert.equal(await page.locator('#import-contacts-created').innerText(), '0');
  assert.equal(await FiscalYearContacts(), before);
  assert.deepEqual(UnexpectedProblems(), []);
});
