// SPDX-License-Identifier: Apache-2.0
// Issue 16, item 6 in the browser: the coordinator of 福祉課 sets up the 孤独・孤立対策地域協議会 jointly with 琴浦町 from
// 地域づくり — a 公示 number without 「第…号」 comes back with the error and what was typed, then the 協議会 is saved
// with its 公示 「栄浜町告示第12号」, its partner town and code, and linked to the 協議会 of town set-up. Members from two
// sectors of the town and 琴浦町's 社協 named with its town (without its town it comes back with the error), a 分科会
// of both towns' 社協, its meeting. A caseworker then reads the 協議会 without any form to change it.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { NewWatchedPage, SignIn, StartKasane, StopKasane, SubmitAndWait, UnexpectedProblems, baseUrl } from './support.mjs';

let staff;
let platformPath;

before(async () => {
  await StartKasane('kasane-browser-platforms-');
  staff = await NewWatchedPage('staff');
});

after(StopKasane);

test('the coordinator sets up the 協議会 with its 公示 and its partner town', async () => {
  await SignIn(staff, 'demo-coordinator');
  await staff.locator('nav').getByRole('link', { name: '地域づくり' }).click();
  await staff.waitForURL(`${baseUrl}/community`);
  await staff.locator('#platforms-link').click();
  await staff.waitForURL(`${baseUrl}/platforms`);
  await staff.locator('#new-platform').click();
  await staff.locator('#kind').selectOption('isolation_council');
  await staff.locator('#name').fill('栄浜町・琴浦町 孤独・孤立対策地域協議会');
  const body = await staff.locator('#meeting_body_id option', { hasText: '栄浜町孤独・孤立対策地域協議会' }).getAttribute('value');
  await staff.locator('#meeting_body_id').selectOption(body);
  await staff.locator('#notice_number').fill('栄浜町告示12');
  await staff.locator('#notice_on').fill('令和6年4月1日');
  await staff.locator('#partner_town_name').fill('琴浦町');
  await staff.locator('#partner_town_code').fill('313718');
  await SubmitAndWait(staff, staff.getByRole('button', { name: '保存する' }));
  assert.match(await staff.locator('form#platform-form').innerText(), /「第…号」で書いてください/);
  assert.equal(await staff.locator('#notice_number').inputValue(), '栄浜町告示12');
  assert.equal(await staff.locator('#partner_town_code').inputValue(), '313718');
  assert.equal(await staff.locator('#name').inputValue(), '栄浜町・琴浦町 孤独・孤立対策地域協議会');
  await staff.locator('#notice_number').fill('栄浜町告示第12号');
  await SubmitAndWait(staff, staff.getByRole('button', { name: '保存する' }));
  assert.match(new URL(staff.url()).pathname, /^\/platforms\/\d+$/);
  platformPath = new URL(staff.url()).pathname;
  assert.equal(await staff.locator('#platform-kind').innerText(), '孤独・孤立対策地域協議会');
  assert.equal(await staff.locator('#platform-notice').innerText(), '栄浜町告示第12号（令和6年4月1日）');
  assert.match(await staff.locator('#platform-joint').innerText(), /琴浦町（団体コード 313718）と共同設置/);
  assert.match(await staff.locator('#platform-body').innerText(), /栄浜町孤独・孤立対策地域協議会/);
  assert.deepEqual(UnexpectedProblems(400), []);
});

test('members of two sectors and of the partner town, a 分科会 and its meeting', async () => {
  await staff.locator('#organization_id').selectOption({ label: '栄浜町社会福祉協議会' });
  await staff.locator('#sector').selectOption('social_welfare_council');
  await SubmitAndWait(staff, staff.getByRole('button', { name: '構成員を加える' }));
  await staff.locator('#organization_id').selectOption({ label: 'NPO法人 ひだまりの家（ひきこもり支援）' });
  await staff.locator('#sector').selectOption('npo');
  await SubmitAndWait(staff, staff.getByRole('button', { name: '構成員を加える' }));

  await staff.locator('#outside_name').fill('琴浦町社会福祉協議会');
  await staff.locator('#sector').selectOption('social_welfare_council');
  await SubmitAndWait(staff, staff.getByRole('button', { name: '構成員を加える' }));
  assert.match(await staff.locator('form#member-form').innerText(), /町外の機関の所在の市町村を入力してください/);
  assert.equal(await staff.locator('#outside_name').inputValue(), '琴浦町社会福祉協議会');
  await staff.locator('#outside_town').fill('琴浦町');
  await SubmitAndWait(staff, staff.getByRole('button', { name: '構成員を加える' }));
  const members = await staff.locator('#member-list tbody').innerText();
  assert.match(members, /栄浜町社会福祉協議会\s+社会福祉協議会\s+町内/);
  assert.match(members, /ひだまりの家.*\s+NPO・ボランティア団体\s+町内/);
  assert.match(members, /琴浦町社会福祉協議会\s+社会福祉協議会\s+琴浦町（町外）/);

  await staff.locator('#subgroup_name').fill('居場所づくり分科会');
  await staff.locator('#theme').fill('両町の居場所の情報共有');
  await staff.locator('#subgroup-members label', { hasText: '栄浜町社会福祉協議会' }).locator('input').check();
  await staff.locator('#subgroup-members label', { hasText: '琴浦町社会福祉協議会' }).locator('input').check();
  await SubmitAndWait(staff, staff.getByRole('button', { name: '分科会を設ける' }));
  assert.match(await staff.locator('#subgroup-list').innerText(),
    /居場所づくり分科会（両町の居場所の情報共有）：栄浜町社会福祉協議会、琴浦町社会福祉協議会/);

  await staff.locator('#entry_kind').selectOption('meeting');
  await staff.locator('#dated').fill('2024-06-03');
  await staff.locator('#title').fill('第1回 居場所づくり分科会');
  await staff.locator('#summary').fill('両町の居場所の一覧を共有');
  await staff.locator('#subgroup_id').selectOption({ label: '居場所づくり分科会' });
  await SubmitAndWait(staff, staff.getByRole('button', { name: '記録する' }));
  assert.match(await staff.locator('#entry-list tbody').innerText(),
    /令和6年6月3日\s+会議\s+第1回 居場所づくり分科会\s+居場所づくり分科会\s+両町の居場所の一覧を共有/);

  await staff.goto(`${baseUrl}/platforms`);
  assert.match(await staff.locator('#platform-list').innerText(),
    /栄浜町・琴浦町 孤独・孤立対策地域協議会\s+孤独・孤立対策地域協議会\s+栄浜町告示第12号（令和6年4月1日）\s+琴浦町（313718）/);
  assert.deepEqual(UnexpectedProblems(400), []);
});

test('a caseworker reads the 協議会 and has no form to change it', async () => {
  const caseworker = await NewWatchedPage('caseworker');
  await SignIn(caseworker, 'demo-caseworker');
  await caseworker.goto(`${baseUrl}${platformPath}`);
  assert.match(await caseworker.locator('#member-list').innerText(), /琴浦町社会福祉協議会/);
  assert.equal(await caseworker.locator('#member-form').count(), 0);
  assert.equal(await caseworker.locator('#entry-form').count(), 0);
  await caseworker.goto(`${baseUrl}/platforms`);
  assert.equal(await caseworker.locator('#new-platform').count(), 0);
  assert.deepEqual(UnexpectedProblems(), []);
});
