// SPDX-License-Identifier: Apache-2.0
// Issue 13, item 3 (one screen for a phone call about a household), its "Done when" call: a neighbour (近隣) calls,
// worried about an old man and his son. demo-caseworker records it on the one intake screen — the old man found or
// created inline, the son added inline as a household member, the 主訴 once, a category, and the next step
// 「折り返し連絡」 with a date — and the test counts every click and every typed field of the call: at most 23
// clicks and 12 fields. A field error (折り返し with no date) re-renders with everything typed kept, the message
// beside the field and in the summary, and nothing saved. Then an anonymous consultation (匿名) is recorded and
// later joins a person on its page: the 年度集計 counts it in 延べ but not in 実人数 before, and in both after, and
// shows when it was computed (和暦 with the time).
//
//   KASANE_BIN, KASANE_TEST_DB_URL, KASANE_SCREENSHOT_DIR as in journey.test.mjs.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import {
  CompactText,
  JapanDate,
  NewWatchedPage,
  RecordIntake,
  ReportTotals,
  SignIn,
  StartKasane,
  StopKasane,
  SubmitAndWait,
  UnexpectedProblems,
  backend,
  baseUrl,
  screenshotDir,
} from './support.mjs';

let page;

// What the caseworker does, counted: a click (a link, a button, a checkbox, a radio, a drop-down choice) or a
// typed field.
const counted = { clicks: 0, fields: 0 };
async function Click(locator) {
  counted.clicks += 1;
  await locator.click();
}
async function Check(locator) {
  counted.clicks += 1;
  await locator.check();
}
async function Select(locator, value) {
  counted.clicks += 1;
  await locator.selectOption(value);
}
async function Type(locator, value) {
  counted.fields += 1;
  await locator.fill(value);
}
async function Submit(button) {
  counted.clicks += 1;
  return SubmitAndWait(page, button);
}

before(async () => {
  await StartKasane('kasane-phone-call-');
  page = await NewWatchedPage('caseworker');
  await SignIn(page, 'demo-caseworker');
});

after(StopKasane);

test('a field error keeps everything typed, names the field beside it and at the top, and saves nothing', async () => {
  const totals = await ReportTotals(page);
  const response = await RecordIntake(page, {
    family_name: '折返', given_name: '未定', family_name_kana: 'オリカエシ', given_name_kana: 'ミテイ',
    members: [{ family_name: '折返', given_name: '息子' }],
    chief_complaint: '日付を入れ忘れた電話。', next_step: 'call_back',
  });
  assert.equal(response.status(), 400);
  assert.match(await page.locator('#call_back_on-error').innerText(), /折り返し連絡の日付を入力してください/);
  assert.match(await page.locator('#form-errors').innerText(), /折り返し連絡の日付を入力してください/);
  assert.equal(await page.getByLabel('氏', { exact: true }).inputValue(), '折返');
  assert.equal(await page.getByLabel('世帯員1 名', { exact: true }).inputValue(), '息子');
  assert.equal(await page.getByLabel('主訴', { exact: true }).inputValue(), '日付を入れ忘れた電話。');
  assert.ok(await page.locator('input[name="next_step"][value="call_back"]').isChecked());
  // Nothing was saved: no person, no consultation.
  const after_error = await ReportTotals(page);
  assert.equal(after_error.contacts, totals.contacts);
  await page.goto(`${baseUrl}/persons?q=${encodeURIComponent('折返')}`);
  assert.doesNotMatch(await CompactText(page), /折返未定|折返息子/);
  assert.deepEqual(UnexpectedProblems(400), []);
});

test('a neighbour calls about an old man and his son: one screen, at most 23 clicks and 12 fields', async () => {
  const totals = await ReportTotals(page);
  const call_back_on = JapanDate(2);
  await page.goto(`${baseUrl}/`);
  counted.clicks = 0;
  counted.fields = 0;
  await Promise.all([page.waitForURL(`${baseUrl}/intake`), Click(page.getByRole('link', { name: '相談受付' }).first())]);
  // The caller, once: a neighbour.
  await Select(page.getByLabel('相談者', { exact: true }), 'neighbor');
  await Type(page.getByLabel('相談者の氏名'), '近所 よし子');
  // The old man, new (the search finds nobody): entered inline.
  await Type(page.getByLabel('氏', { exact: true }), '電話');
  await Type(page.getByLabel('名', { exact: true }), '茂');
  await Type(page.getByLabel('氏（ふりがな）', { exact: true }), 'デンワ');
  await Type(page.getByLabel('名（ふりがな）', { exact: true }), 'シゲル');
  // His son, added inline (続柄 子 is the row's default).
  await Type(page.getByLabel('世帯員1 氏', { exact: true }), '電話');
  await Type(page.getByLabel('世帯員1 名', { exact: true }), '健一');
  // 主訴 once, one category, and the next step: call back in two days.
  await Type(page.getByLabel('主訴', { exact: true }), '隣の高齢の男性と息子さんの様子が心配。しばらく姿を見ない。');
  await Check(page.locator('input[type="checkbox"][name^="category_"]').first());
  await Check(page.locator('input[name="next_step"][value="call_back"]'));
  await Type(page.getByLabel('折り返し連絡の日付'), call_back_on);
  let response = await Submit(page.getByRole('button', { name: '受付を記録する' }));
  if (response.status() === 200 && (await page.locator('#duplicates').count()) > 0) {
    // The duplicate warning: a different man; registered as new.
    await Check(page.locator('input[name="person_id"][value="new_confirmed"]'));
    response = await Submit(page.getByRole('button', { name: '受付を記録する' }));
  }
  assert.equal(response.status(), 303);
  await page.waitForURL(/\/persons\/\d+\?recorded=\d+$/);
  console.log(`phone call (${backend}): ${counted.clicks} clicks, ${counted.fields} fields typed`);
  assert.ok(counted.clicks <= 23, `${counted.clicks} clicks`);
  assert.ok(counted.fields <= 12, `${counted.fields} fields typed`);
  await page.screenshot({ path: path.join(screenshotDir, `kasane-phone-call-${backend}.png`), fullPage: true });

  // What was saved: the old man with his son in one household, the consultation with its next-contact date.
  const recorded = page.url().match(/recorded=(\d+)$/)[1];
  assert.match(await CompactText(page), /現在2人/, 'the old man heads a household of two');
  const household = await page.locator('a[href^="/households/"]').first().getAttribute('href');
  await page.goto(`${baseUrl}${household}`);
  assert.match(await CompactText(page), /電話健一/, 'the son is in the old man\'s household');
  await page.goto(`${baseUrl}/consultations/${recorded}`);
  const text = await CompactText(page);
  assert.match(text, /近隣/);
  assert.match(text, /次回連絡予定/);
  const [y, m, d] = call_back_on.split('-').map(Number);
  assert.match(text, new RegExp(`令和${y - 2018}年${m}月${d}日`), 'the call-back date, in 和暦');
  const now = await ReportTotals(page);
  assert.equal(now.contacts, totals.contacts + 1);
  assert.equal(now.persons, totals.persons + 1);
  assert.deepEqual(UnexpectedProblems(), []);
});

test('an anonymous consultation counts in 延べ only, then joins a person and counts in 実人数', async () => {
  const totals = await ReportTotals(page);
  assert.match(totals.computed.replace(/\s+/g, ''), /集計日時:令和\d+年\d+月\d+日\d{1,2}:\d{2}/);
  let response = await RecordIntake(page, {
    anonymous: true, source: 'anonymous', chief_complaint: '名前は言えないが、近所の人が心配だという電話。',
  });
  assert.equal(response.status(), 303);
  await page.waitForURL(/\/consultations\/\d+\?done=recorded$/);
  const consultation_url = page.url().replace(/\?.*$/, '');
  assert.match(await page.locator('#consultation-anonymous').innerText(), /匿名の相談/);

  const anonymous = await ReportTotals(page);
  assert.equal(anonymous.contacts, totals.contacts + 1, '延べ counts the anonymous consultation');
  assert.equal(anonymous.persons, totals.persons, '実人数 does not');

  // The book shows it as 匿名.
  await page.goto(`${baseUrl}/consultations?preset=today`);
  assert.match(await CompactText(page), /匿名/);

  // Identified later: entered as a new person on the consultation's page and joined.
  await page.goto(consultation_url);
  await page.getByLabel('氏', { exact: true }).fill('匿名');
  await page.getByLabel('名', { exact: true }).fill('解消');
  await page.getByLabel('氏（ふりがな）', { exact: true }).fill('トクメイ');
  await page.getByLabel('名（ふりがな）', { exact: true }).fill('カイショウ');
  response = await SubmitAndWait(page, page.getByRole('button', { name: '本人を結び付ける' }));
  if (response.status() !== 303 && (await page.locator('input[name="person_id"][value="new_confirmed"]').count()) > 0) {
    await page.locator('input[name="person_id"][value="new_confirmed"]').check();
    response = await SubmitAndWait(page, page.getByRole('button', { name: '本人を結び付ける' }));
  }
  assert.equal(response.status(), 303);
  await page.waitForURL(/\?done=join$/);
  assert.equal(await page.locator('#consultation-anonymous').count(), 0);
  assert.match(await CompactText(page), /本人の記録に戻る/);

  const joined = await ReportTotals(page);
  assert.equal(joined.contacts, anonymous.contacts);
  assert.equal(joined.persons, anonymous.persons + 1, '実人数 counts the person once joined');
  assert.deepEqual(UnexpectedProblems(), []);
});

test('a household member typed inline who is already on record is offered as the same person, not made twice', async () => {
  const son = { family_name: '重複', given_name: '一郎', family_name_kana: 'ジュウフク', given_name_kana: 'イチロウ',
                birth_date: '昭和50年1月1日' };
  let response = await RecordIntake(page, { ...son, source: 'self', chief_complaint: '仕事が続かない。' });
  assert.equal(response.status(), 303);
  await page.waitForURL(/\/persons\/\d+\?recorded=\d+$/);
  const son_id = page.url().match(/\/persons\/(\d+)/)[1];

  // His mother calls; the son typed again as a member of her new household is the person on record.
  response = await RecordIntake(page, {
    family_name: '重複', given_name: 'ハナ', family_name_kana: 'ジュウフク', given_name_kana: 'ハナ',
    source: 'family', chief_complaint: '息子のことが心配。',
    household: { name: '重複さん世帯', relationship: 'head' },
    members: [{ ...son, relationship: 'child' }],
  }, { newAfterWarning: false });
  assert.equal(response.status(), 200, 'nothing is saved while the member may be a duplicate');
  assert.match(await CompactText(page), /世帯員1に似ている記録があります/);
  await page.locator(`input[name="member_0_person"][value="${son_id}"]`).check();
  response = await SubmitAndWait(page, page.getByRole('button', { name: '受付を記録する' }));
  assert.equal(response.status(), 303);
  await page.waitForURL(/\/persons\/\d+\?recorded=\d+$/);
  const household = await page.locator('a[href^="/households/"]').first().getAttribute('href');
  await page.goto(`${baseUrl}${household}`);
  assert.equal(await page.locator(`a[href="/persons/${son_id}"]`).count() > 0, true, 'the son on record is a member');
  assert.equal(await page.getByText('重複 一郎').count() >= 1, true);
  assert.deepEqual(UnexpectedProblems(), []);
});
