// SPDX-License-Identifier: Apache-2.0
// Issue 17, item 9 in the browser: the town's caseworker opens 人材育成 from the navigation, chooses 令和4年度, adds
// a 基礎 course, records its two sessions (a negative count comes back with the error and what was typed), names two
// attendees (修了 for one who attended nothing is refused, the choices kept), marks 修了, and the 年度's page shows
// 延べ95名 (市民33名, 専門職62名). The town's administrator, who holds the export right, downloads the 年度's totals as
// the Shift_JIS CSV and reads 延べ95名 back from it. The NPO's worker has no 人材育成 in her menu and is refused the page.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { Download, NewWatchedPage, SignIn, StartKasane, StopKasane, SubmitAndWait, UnexpectedProblems, baseUrl } from './support.mjs';

let staff;

before(async () => {
  await StartKasane('kasane-browser-training-');
  staff = await NewWatchedPage('staff');
});

after(StopKasane);

test('a course of 令和4年度, its sessions and attendees rebuild 延べ95名 (市民33名, 専門職62名)', async () => {
  await SignIn(staff, 'demo-caseworker');
  await staff.locator('nav').getByRole('link', { name: '人材育成' }).click();
  await staff.waitForURL(`${baseUrl}/training`);
  await staff.locator('#year').fill('令和4年度');
  await staff.getByRole('button', { name: '表示する' }).click();
  await staff.waitForURL(/year=/);
  assert.match(await staff.locator('#training-title').innerText(), /令和4年度/);
  assert.equal(await staff.locator('#no-courses').count(), 1);

  await staff.locator('#new-course').click();
  assert.equal(await staff.locator('#fiscal_year').inputValue(), '2022');
  await staff.locator('#name').fill('重層的支援体制 基礎研修');
  await staff.locator('#kind').selectOption('basic');
  await staff.locator('#organizer').fill('福祉政策課');
  await SubmitAndWait(staff, staff.getByRole('button', { name: '保存する' }));
  assert.match(new URL(staff.url()).pathname, /^\/training\/courses\/\d+$/);
  assert.equal(await staff.locator('#course-kind').innerText(), '基礎');

  // A negative count comes back with the error, what was typed kept.
  await staff.locator('#held_on').fill('2022-06-10');
  await staff.locator('#place').fill('ふれあいの里');
  await staff.locator('#hours').fill('2');
  await staff.locator('#citizens').fill('-22');
  await staff.locator('#professionals').fill('25');
  await SubmitAndWait(staff, staff.locator('#save-session'));
  assert.match(await staff.locator('#session-errors').innerText(), /市民の人数に負の数は入りません/);
  assert.equal(await staff.locator('#citizens').inputValue(), '-22');
  assert.equal(await staff.locator('#place').inputValue(), 'ふれあいの里');
  await staff.locator('#citizens').fill('22');
  await SubmitAndWait(staff, staff.locator('#save-session'));
  await staff.locator('#held_on').fill('令和5年2月1日');
  await staff.locator('#hours').fill('1.5');
  await staff.locator('#citizens').fill('10');
  await staff.locator('#professionals').fill('36');
  await SubmitAndWait(staff, staff.locator('#save-session'));
  assert.match(await staff.locator('#session-list').innerText(), /第2回（令和5年2月1日）\s+\S*\s*1.5時間\s+10\s+36/);

  // 修了 for one who attended nothing is refused; the name and choices are kept.
  await staff.locator('#attendee_name').fill('米子 花子');
  await staff.locator('#type').selectOption('citizen');
  await staff.locator('#completed').check();
  await SubmitAndWait(staff, staff.locator('#save-attendee'));
  assert.match(await staff.locator('#attendee-errors').innerText(), /どの回にも出席していない人を修了にはできません/);
  assert.equal(await staff.locator('#attendee_name').inputValue(), '米子 花子');
  assert.equal(await staff.locator('#completed').isChecked(), true);
  await staff.locator('#attendee-form input[type=checkbox][id^=session_]').first().check();
  await SubmitAndWait(staff, staff.locator('#save-attendee'));
  await staff.locator('#attendee_name').fill('包括 保健師');
  await staff.locator('#type').selectOption('professional');
  await staff.locator('#attendee-form input[type=checkbox][id^=session_]').last().check();
  await SubmitAndWait(staff, staff.locator('#save-attendee'));
  assert.match(await staff.locator('#attendee-list').innerText(), /米子 花子\s+市民\s+第1回\s+修了/);
  await SubmitAndWait(staff, staff.locator('#attendee-list tr', { hasText: '包括 保健師' }).getByRole('button', { name: '修了にする' }));
  assert.match(await staff.locator('#attendee-list').innerText(), /包括 保健師\s+専門職\s+第2回\s+修了/);
  assert.match(await staff.locator('#course-summary').innerText(), /延べ95名（市民33名、専門職62名）・実人数2名・修了者2名/);

  await staff.getByRole('link', { name: '令和4年度の人材育成へ戻る' }).click();
  assert.equal(await staff.locator('#training-summary').innerText(), '延べ95名（市民33名、専門職62名）');
  assert.equal(await staff.locator('#total-completed').innerText(), '2');
  assert.match(await staff.locator('#course-list').innerText(), /重層的支援体制 基礎研修\s+基礎\s+福祉政策課\s+2\s+95\s+2/);
  assert.deepEqual(UnexpectedProblems(400), []);  // the refused inputs' answers were 400s
});

test("the town's administrator downloads 令和4年度's totals as the Shift_JIS CSV", async () => {
  const admin = await NewWatchedPage('admin');
  await SignIn(admin, 'demo-town-admin');
  await admin.goto(`${baseUrl}/training?year=令和4年度`);
  assert.match(await admin.locator('#training-exports').innerText(), /出力は記録されます/);
  const bytes = await Download(admin, 'Shift_JIS（Excel用）');
  assert.notDeepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a Shift_JIS file carries no BOM');
  const text = new TextDecoder('shift_jis', { fatal: true }).decode(bytes);
  const lines = text.split('\r\n').filter((line) => line !== '');
  assert.equal(lines[0], '集計,人材育成（令和4年度）');
  assert.ok(lines.includes('研修受講者数,延べ95名（市民33名、専門職62名）'), text);
  assert.ok(lines.includes('総数,合計,95,33,62,2,1,1,2,2,1'), text);
  assert.ok(lines.includes('重層的支援体制 基礎研修,基礎,福祉政策課,,95,33,62,2,1,1,2,2'), text);
  await admin.context().close();
});

test("the NPO's worker has no 人材育成 and is refused the page", async () => {
  const npo = await NewWatchedPage('npo');
  await SignIn(npo, 'demo-npo');
  assert.equal(await npo.locator('nav').getByRole('link', { name: '人材育成' }).count(), 0);
  const response = await npo.goto(`${baseUrl}/training`);
  assert.equal(response.status(), 403);
  assert.deepEqual(UnexpectedProblems(403), []);
});
