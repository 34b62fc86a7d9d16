// SPDX-License-Identifier: Apache-2.0
// Issue 17, item 8 in the browser: the town's coordinator opens 事業別実績 from 実施計画と評価 and records this 年度's
// 参加支援事業 as 委託 to 社協 with its 実施内容 (委託 without a 委託先 comes back with the error in Japanese and the
// 実施内容 typed kept), sees the counts beside each 事業 (包括的相談支援's 延べ件数 equal to the 年度集計's: the same
// counting), and downloads the Shift_JIS CSV and decodes it. She makes the seed's H30 関係者調査 with its two default
// items, enters two agencies' counts (a negative count refused in Japanese, every number typed kept) and reads the
// seed's totals 112 世帯 and 54 人. The NPO's worker gets the missing page.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { Download, NewWatchedPage, SignIn, StartKasane, StopKasane, SubmitAndWait, UnexpectedProblems, baseUrl } from './support.mjs';

let coordinator;
let surveyPath;

before(async () => {
  await StartKasane('kasane-browser-program-results-');
  coordinator = await NewWatchedPage('coordinator');
});

after(StopKasane);

test('参加支援 as 委託 to 社協 with its 実施内容, the counts beside each 事業, and the Shift_JIS CSV', async () => {
  await SignIn(coordinator, 'demo-coordinator');
  await coordinator.locator('nav').getByRole('link', { name: '実施計画と評価' }).click();
  await coordinator.waitForURL(`${baseUrl}/evaluation`);
  await coordinator.locator('#open-programs').click();
  await coordinator.waitForURL(/\/evaluation\/programs/);
  const year = Number(await coordinator.locator('input[name=year]').inputValue());
  assert.equal(await coordinator.locator('#program-table tr[data-program=participation] .operation').innerText(), '未記録');

  // 委託 without a 委託先: refused in Japanese, what was typed kept.
  await coordinator.locator('#program').selectOption('participation');
  await coordinator.locator('#operation').selectOption('commissioned');
  await coordinator.locator('#activities').fill('就労体験の受入先を3か所開拓し、8人をつないだ');
  await SubmitAndWait(coordinator, coordinator.getByRole('button', { name: '記録する' }));
  assert.match(await coordinator.locator('#program-form').innerText(), /委託の事業には委託先を1つ以上入力してください/);
  assert.equal(await coordinator.locator('#activities').inputValue(), '就労体験の受入先を3か所開拓し、8人をつないだ');
  assert.equal(await coordinator.locator('#operation').inputValue(), 'commissioned');

  await coordinator.locator('#contractor_organization').selectOption({ label: '栄浜町社会福祉協議会' });
  await SubmitAndWait(coordinator, coordinator.getByRole('button', { name: '記録する' }));
  const participation = coordinator.locator('#program-table tr[data-program=participation]');
  assert.equal(await participation.locator('.operation').innerText(), '委託');
  assert.equal(await participation.locator('.contractors').innerText(), '栄浜町社会福祉協議会');
  assert.equal(await participation.locator('.activities').innerText(), '就労体験の受入先を3か所開拓し、8人をつないだ');
  assert.match(await participation.locator('.counts').innerText(), /参加支援 対象者数: \d+人/);

  // 包括的相談支援's 延べ件数 is the 年度集計's: the same counting, not a second one.
  const report = await (await coordinator.request.get(`${baseUrl}/api/v1/reports/fiscal-year?year=${year}`)).json();
  const intake = coordinator.locator('#program-table tr[data-program=intake]');
  assert.equal(await intake.locator('.count').first().innerText(), String(report.contacts));

  const sjis = new TextDecoder('shift_jis', { fatal: true }).decode(await Download(coordinator, 'Shift_JIS（Excel用）'));
  const lines = sjis.split('\r\n');
  assert.match(lines[0], /^事業別実績,令和\d+年度$/);
  assert.equal(lines[1], '事業,実施方法,委託先,実施内容,項目,件数,単位');
  assert.ok(lines.some((line) => line.startsWith('参加支援事業,委託,栄浜町社会福祉協議会,就労体験の受入先を3か所開拓し、8人をつないだ,参加支援 対象者数,')), sjis);
  assert.ok(lines.some((line) => line === `包括的相談支援事業,未記録,,,相談受付件数（延べ）,${report.contacts},件`), sjis);
  assert.deepEqual(UnexpectedProblems(400), []);  // the refused input's answer was a 400
});

test("the H30 関係者調査: two agencies' counts, a bad number refused with the typing kept, totals 112 and 54", async () => {
  await coordinator.goto(`${baseUrl}/evaluation`);
  await coordinator.locator('#open-surveys').click();
  await coordinator.waitForURL(`${baseUrl}/evaluation/surveys`);
  assert.equal(await coordinator.locator('#items').inputValue(), '複合的課題を抱える世帯（世帯数）\nひきこもり状態にある方（人数）\n');
  await coordinator.locator('#title').fill('関係者調査（平成30年度）');
  await coordinator.locator('#fiscal_year').fill('平成30年度');
  await SubmitAndWait(coordinator, coordinator.getByRole('button', { name: 'つくる' }));
  surveyPath = new URL(coordinator.url()).pathname;
  assert.match(surveyPath, /^\/evaluation\/surveys\/\d+$/);
  assert.match(await coordinator.locator('#survey-period').innerText(), /平成30年度/);

  await coordinator.locator('#organization_id').selectOption({ label: '栄浜町社会福祉協議会' });
  await coordinator.getByLabel('複合的課題を抱える世帯（世帯数）').fill('70');
  await coordinator.getByLabel('ひきこもり状態にある方（人数）').fill('30');
  await SubmitAndWait(coordinator, coordinator.getByRole('button', { name: '回答を加える' }));

  // A negative count: refused in Japanese, every value typed kept.
  await coordinator.locator('#agency').fill('民生委員児童委員協議会');
  await coordinator.getByLabel('複合的課題を抱える世帯（世帯数）').fill('42');
  await coordinator.getByLabel('ひきこもり状態にある方（人数）').fill('-24');
  await SubmitAndWait(coordinator, coordinator.getByRole('button', { name: '回答を加える' }));
  assert.match(await coordinator.locator('#response-form').innerText(), /件数は0以上の整数で入力してください/);
  assert.equal(await coordinator.locator('#agency').inputValue(), '民生委員児童委員協議会');
  assert.equal(await coordinator.getByLabel('複合的課題を抱える世帯（世帯数）').inputValue(), '42');
  assert.equal(await coordinator.getByLabel('ひきこもり状態にある方（人数）').inputValue(), '-24');
  assert.match(await coordinator.locator('#survey-table tbody').innerText(), /^栄浜町社会福祉協議会\s+70\s+30\s*$/);

  await coordinator.getByLabel('ひきこもり状態にある方（人数）').fill('２４');  // full-width digits are a number too
  await SubmitAndWait(coordinator, coordinator.getByRole('button', { name: '回答を加える' }));
  const totals = await coordinator.locator('#survey-totals .total').allInnerTexts();
  assert.deepEqual(totals, ['112', '54']);
  assert.match(await coordinator.locator('#survey-table tbody').innerText(), /民生委員児童委員協議会\s+42\s+24/);
  assert.deepEqual(UnexpectedProblems(400), []);
});

test("the NPO's worker gets the missing page", async () => {
  const npo = await NewWatchedPage('npo');
  await SignIn(npo, 'demo-npo');
  assert.equal((await npo.goto(`${baseUrl}${surveyPath}`)).status(), 404);
  assert.equal((await npo.goto(`${baseUrl}/evaluation/programs`)).status(), 404);
  assert.deepEqual(UnexpectedProblems(404), []);
});
