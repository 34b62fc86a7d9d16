// SPDX-License-Identifier: Apache-2.0
// Issue 17, item 8 in the browser: the town's coordinator opens 実施計画と評価 from the navigation, makes a plan of
// 令和6年度～令和8年度 (a 最終年度 before the 初年度 comes back with the error and what was typed), adds the
// 相談受付件数 indicator and a 手入力 one, sets their targets (a negative target refused, what was typed kept), sees
// the actual of 令和6年度 equal to the 年度集計's 延べ件数 (the same counting), fills the アクションプラン and opens the
// 評価シート. A caseworker of the town reads the plan without the forms; the NPO's worker gets the missing page.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { NewWatchedPage, SignIn, StartKasane, StopKasane, SubmitAndWait, UnexpectedProblems, baseUrl } from './support.mjs';

let coordinator;
let planPath;

before(async () => {
  await StartKasane('kasane-browser-evaluation-');
  coordinator = await NewWatchedPage('coordinator');
});

after(StopKasane);

test('a plan, its indicators with targets and actuals from the records, the action plan and the 評価シート', async () => {
  await SignIn(coordinator, 'demo-coordinator');
  await coordinator.locator('nav').getByRole('link', { name: '実施計画と評価' }).click();
  await coordinator.waitForURL(`${baseUrl}/evaluation`);
  assert.equal(await coordinator.locator('#no-plans').count(), 1);

  // A 最終年度 before the 初年度 comes back with the error, what was typed kept.
  await coordinator.locator('#name').fill('第1期 重層的支援体制整備事業実施計画');
  await coordinator.locator('#first_year').fill('令和6年度');
  await coordinator.locator('#last_year').fill('令和5年度');
  await SubmitAndWait(coordinator, coordinator.getByRole('button', { name: 'つくる' }));
  assert.match(await coordinator.locator('#plan-form').innerText(), /最終年度が初年度より前です/);
  assert.equal(await coordinator.locator('#name').inputValue(), '第1期 重層的支援体制整備事業実施計画');
  await coordinator.locator('#last_year').fill('令和8年度');
  await SubmitAndWait(coordinator, coordinator.getByRole('button', { name: 'つくる' }));
  planPath = new URL(coordinator.url()).pathname;
  assert.match(planPath, /^\/evaluation\/plans\/\d+$/);
  assert.match(await coordinator.locator('#plan-period').innerText(), /令和6年度～令和8年度/);

  await coordinator.locator('#kind').selectOption('consultation_contacts');
  await SubmitAndWait(coordinator, coordinator.getByRole('button', { name: '加える', exact: true }));
  await coordinator.locator('#kind').selectOption('manual');
  await coordinator.locator('#indicator-name').fill('関係機関の連携満足度');
  await coordinator.locator('#unit').fill('%');
  await SubmitAndWait(coordinator, coordinator.getByRole('button', { name: '加える', exact: true }));

  // A negative target is refused, what was typed kept.
  await coordinator.locator('#indicator_id').selectOption({ label: '相談受付件数（延べ）' });
  await coordinator.locator('#target-year').selectOption('2024');
  await coordinator.locator('#target').fill('-5');
  await SubmitAndWait(coordinator, coordinator.getByRole('button', { name: '設定する' }));
  assert.match(await coordinator.locator('#target-form').innerText(), /目標値は0以上の数です/);
  assert.equal(await coordinator.locator('#target').inputValue(), '-5');
  await coordinator.locator('#target').fill('200');
  await SubmitAndWait(coordinator, coordinator.getByRole('button', { name: '設定する' }));
  await coordinator.locator('#indicator_id').selectOption({ label: '関係機関の連携満足度' });
  await coordinator.locator('#target-year').selectOption('2024');
  await coordinator.locator('#target').fill('80');
  await coordinator.locator('#actual').fill('60');
  await SubmitAndWait(coordinator, coordinator.getByRole('button', { name: '設定する' }));

  // The actual is the 年度集計's 延べ件数 of 令和6年度: the same counting, not a second one.
  const report = await (await coordinator.request.get(`${baseUrl}/api/v1/reports/fiscal-year?year=2024`)).json();
  const contacts = report.contacts;
  const row = coordinator.locator('#indicator-table tr', { hasText: '相談受付件数（延べ）' });
  assert.equal(await row.locator('td[data-year="2024"] .target').innerText(), '200');
  assert.equal(await row.locator('td[data-year="2024"] .actual').innerText(), String(contacts));
  assert.equal(await row.locator('td[data-year="2024"] .rate').innerText(), `${(contacts * 100 / 200).toFixed(1)}%`);
  const manual = coordinator.locator('#indicator-table tr', { hasText: '関係機関の連携満足度' });
  assert.equal(await manual.locator('td[data-year="2024"]').innerText(), '80／60／75.0%');
  assert.equal(await manual.locator('td[data-year="2025"]').innerText(), '—／—／—');

  // The action plan: an item added, then its status, evaluation and rating.
  await coordinator.locator('#action-year').selectOption('2024');
  await coordinator.locator('#item').fill('相談窓口の周知（広報誌・チラシ）');
  await coordinator.locator('#owner').fill('福祉課');
  await SubmitAndWait(coordinator, coordinator.getByRole('button', { name: '項目を加える' }));
  const item = coordinator.locator('#action-table tr', { hasText: '相談窓口の周知' });
  assert.equal(await item.locator('.status').innerText(), '未着手');
  await item.locator('select[name=status]').selectOption('done');
  await item.locator('input[name=evaluation]').fill('広報誌に2回掲載した');
  await item.locator('select[name=rating]').selectOption('A');
  await SubmitAndWait(coordinator, item.getByRole('button', { name: '更新' }));
  const updated = coordinator.locator('#action-table tr', { hasText: '相談窓口の周知' });
  assert.equal(await updated.locator('.status').innerText(), '完了');
  assert.equal(await updated.locator('.rating').innerText(), 'A');

  // The 評価シート of 令和6年度, printable.
  await coordinator.locator('#open-sheet').click();
  await coordinator.waitForURL(/\/sheet/);
  assert.match(await coordinator.locator('#sheet-title').innerText(), /評価シート（令和6年度）/);
  assert.match(await coordinator.locator('#sheet-indicator-table').innerText(), /関係機関の連携満足度\s+%\s+80\s+60\s+75.0%/);
  assert.match(await coordinator.locator('#sheet-action-table').innerText(), /相談窓口の周知（広報誌・チラシ）\s+福祉課\s+完了\s+広報誌に2回掲載した\s+A/);
  await coordinator.emulateMedia({ media: 'print' });
  assert.equal(await coordinator.locator('.evaluation-sheet form').isVisible(), false);
  await coordinator.emulateMedia({ media: 'screen' });
  assert.deepEqual(UnexpectedProblems(400), []);  // the refused inputs' answers were 400s
});

test('a caseworker of the town reads the plan without the forms', async () => {
  const caseworker = await NewWatchedPage('caseworker');
  await SignIn(caseworker, 'demo-caseworker');
  await caseworker.locator('nav').getByRole('link', { name: '実施計画と評価' }).click();
  await caseworker.getByRole('link', { name: '第1期 重層的支援体制整備事業実施計画' }).click();
  assert.match(await caseworker.locator('#indicator-table').innerText(), /関係機関の連携満足度/);
  assert.equal(await caseworker.locator('#indicator-form').count(), 0);
  assert.equal(await caseworker.locator('#action-form').count(), 0);
  assert.deepEqual(UnexpectedProblems(), []);
});

test("the NPO's worker has no 実施計画と評価 and gets the missing page", async () => {
  const npo = await NewWatchedPage('npo');
  await SignIn(npo, 'demo-npo');
  assert.equal(await npo.locator('nav').getByRole('link', { name: '実施計画と評価' }).count(), 0);
  const response = await npo.goto(`${baseUrl}${planPath}`);
  assert.equal(response.status(), 404);
  const list = await npo.goto(`${baseUrl}/evaluation`);
  assert.equal(list.status(), 404);
  assert.deepEqual(UnexpectedProblems(404), []);
});
