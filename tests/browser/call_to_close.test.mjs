// SPDX-License-Identifier: Apache-2.0
// Issue 13, its "Done when", in the browser only (no API call): a neighbour (近隣) calls demo-caseworker of 福祉課,
// worried about an old man and his son. The caseworker records it on the one 相談受付 screen — the old man entered
// inline as a new person, the son added inline as a household member, the 主訴 once, categories, the next step
// 「折り返し連絡」 — calls back twice over the week (the neighbour, then the son at home), refers the son to the town's
// 生活困窮 window (栄浜町社会福祉協議会: a town without a 福祉事務所 has the 自立相談支援 of 生活困窮者自立支援法 run
// for it, commonly by the 社会福祉協議会) with the old man's consultation as the referral's もとの相談, records the
// 対応結果 「他機関へつなぎ」 with that referral, closes the consultation with a reason, finds it in the 相談受付簿
// filtered to the week, exports the week as CSV for Excel (Shift_JIS, decoded here) once the town's administrator
// has granted the export to caseworkers (by default only coordinators and administrators export), and reads
// the 年度集計 before and after: 延べ +3 (the call and two call-backs), 実人数 +1 (the old man; the son was
// referred, not consulted), 世帯数 +1, 相談 +1, 相談者別 近隣 +2 and 家族 +1, 対応結果別 他機関へつなぎ +3.
//
// Every time typed is in the past week and no later than 00:00 today (the run may be at night in Japan); days are
// kept inside the current fiscal year so that the report counts all three contacts.
//
//   KASANE_BIN, KASANE_TEST_DB_URL, KASANE_SCREENSHOT_DIR as in journey.test.mjs.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import {
  CompactText,
  Download,
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

const WINDOW = '栄浜町社会福祉協議会';  // the 生活困窮 window of the demo town
const OLD_MAN = '見守 源蔵';
const SON = '見守 浩';
const NEIGHBOUR = '隣野 ふみ';
const COMPLAINT = '隣の高齢の男性と50代の息子さんの様子が心配。一週間ほど姿を見ず、郵便受けがあふれている。';

// The days of the week, oldest first: 6, 3 and 1 days ago, none before the fiscal year's first day (1 April), each
// with a time of day — 00:00 when the day is today (only on the first days of April).
const today = JapanDate(0);
const fiscalYear = Number(today.slice(0, 4)) - (Number(today.slice(5, 7)) < 4 ? 1 : 0);
const fiscalYearStart = `${fiscalYear}-04-01`;
function DayOfWeek(days_ago, time) {
  const day = [JapanDate(-days_ago), fiscalYearStart].sort().at(-1);
  return { day, at: `${day}T${day === today ? '00:00' : time}` };
}
const call = DayOfWeek(6, '09:40');
const first_call_back = DayOfWeek(3, '14:10');
const second_call_back = DayOfWeek(1, '16:30');

let page;
let totals_before;
let breakdowns_before;
let person_url;
let consultation_url;
let consultation_id;
let son_url;
let referral_id;

// One breakdown table of 年度集計 (the page open): { label: { contacts, persons } }.
async function Breakdown(title) {
  const rows = {};
  for (const row of await page.locator(`section[aria-label="${title}"] tbody tr`).all()) {
    const label = (await row.locator('th').innerText()).trim();
    const cells = await row.locator('td').allInnerTexts();
    rows[label] = { contacts: Number(cells[0].trim()), persons: Number(cells[1].trim()) };
  }
  return rows;
}

async function ReportNow() {
  const totals = await ReportTotals(page, fiscalYear);
  const breakdowns = { source: await Breakdown('相談者別'), outcome: await Breakdown('対応結果別') };
  return { totals, breakdowns };
}

const count = (rows, label) => rows[label]?.contacts ?? 0;

before(async () => {
  await StartKasane('kasane-call-to-close-');
  page = await NewWatchedPage('caseworker');
  await SignIn(page, 'demo-caseworker');
});

after(StopKasane);

test('the 年度集計 before the call', async () => {
  ({ totals: totals_before, breakdowns: breakdowns_before } = await ReportNow());
  assert.ok(Number.isInteger(totals_before.contacts) && Number.isInteger(totals_before.persons), totals_before);
  assert.deepEqual(UnexpectedProblems(), []);
});

test('a neighbour calls about an old man and his son: recorded on one screen', async () => {
  const [family_name, given_name] = OLD_MAN.split(' ');
  const [, son_given_name] = SON.split(' ');
  const response = await RecordIntake(page, {
    family_name, given_name, family_name_kana: 'ミマモリ', given_name_kana: 'ゲンゾウ', birth_date: '昭和14年2月11日',
    sex: 'male',
    occurred_at: call.at, channel: 'phone', source: 'neighbor', caller_name: NEIGHBOUR, caller_relationship: '隣人',
    chief_complaint: COMPLAINT, categories: ['独居', '8050', '生活困窮'], most_pressing: '8050',
    summary: '近隣の方から電話。男性（80代）と息子（50代）の二人暮らし。息子は仕事を辞めて家にいるらしい。',
    summary_tag: '第三者からの情報',
    members: [{ family_name, given_name: son_given_name, family_name_kana: 'ミマモリ', given_name_kana: 'ヒロシ' }],
    next_step: 'call_back', call_back_on: today,
  });
  assert.equal(response.status(), 303, await CompactText(page));
  await page.waitForURL(/\/persons\/\d+\?recorded=\d+$/);
  person_url = page.url().replace(/\?.*$/, '');
  const recorded = page.url().match(/recorded=(\d+)$/)[1];
  assert.match(await page.title(), new RegExp(OLD_MAN));
  assert.match(await CompactText(page), /現在2人/, 'the old man heads a household of two');
  const household = await page.locator('a[href^="/households/"]').first().getAttribute('href');

  // The son, added inline, is a person of the household with a page of his own.
  await page.goto(`${baseUrl}${household}`);
  await Promise.all([page.waitForURL(/\/persons\/\d+$/), page.getByRole('link', { name: SON }).first().click()]);
  son_url = page.url();
  assert.notEqual(son_url, person_url);

  await page.goto(`${person_url}?recorded=${recorded}`);
  await Promise.all([page.waitForURL(/\/consultations\/\d+$/), page.locator('#open-recorded-consultation').click()]);
  consultation_url = page.url();
  consultation_id = consultation_url.match(/\/consultations\/(\d+)$/)[1];
  const text = await CompactText(page);
  assert.ok(text.includes(COMPLAINT.replace(/\s+/g, '')), text);
  assert.equal((await page.locator('#consultation-status').innerText()).trim(), '対応中');
  assert.match(await page.locator('#contacts > li').first().innerText(), /近隣/);
  assert.match(await page.locator('#consultation-next-contact').innerText(), /令和\d+年\d+月\d+日/);
  assert.deepEqual(UnexpectedProblems(), []);
});

test('two call-backs over the week join the thread, oldest first', async () => {
  await page.goto(consultation_url);
  await page.getByLabel('対応日時').fill(first_call_back.at);
  await page.getByLabel('経路').selectOption('phone');
  await page.getByLabel('相手', { exact: true }).selectOption('neighbor');
  await page.getByLabel('相手の氏名（本人以外のとき）').fill(NEIGHBOUR);
  await page.getByLabel('本人との関係').fill('隣人');
  await page.getByLabel('対応内容').fill('近隣の方へ折り返し。昨日、息子さんが買い物に出るのを見たとのこと。');
  let response = await SubmitAndWait(page, page.getByRole('button', { name: '対応を記録する' }));
  assert.equal(response.status(), 303, await CompactText(page));

  await page.getByLabel('対応日時').fill(second_call_back.at);
  await page.getByLabel('経路').selectOption('phone');
  await page.getByLabel('相手', { exact: true }).selectOption('family');
  await page.getByLabel('相手の氏名（本人以外のとき）').fill(SON);
  await page.getByLabel('本人との関係').fill('長男');
  await page.getByLabel('対応内容').fill('自宅へ電話し息子さんと話せた。失職して収入がなく、家賃と父の介護費が心配とのこと。');
  response = await SubmitAndWait(page, page.getByRole('button', { name: '対応を記録する' }));
  assert.equal(response.status(), 303, await CompactText(page));
  await page.waitForURL(/\?done=contact$/);

  const items = page.locator('#contacts > li');
  assert.equal(await items.count(), 3);
  assert.match(await items.nth(1).innerText(), /近隣の方へ折り返し/);
  assert.match(await items.nth(2).innerText(), /息子さんと話せた/);
  const times = await page.locator('#contacts > li time').evaluateAll((nodes) => nodes.map((node) => node.dateTime));
  assert.deepEqual([...times].sort(), times, 'oldest first');
  assert.equal((await page.locator('#consultation-counted').innerText()).trim(), '3件');
  assert.deepEqual(UnexpectedProblems(), []);
});

test('the son is referred to the 生活困窮 window, from the old man\'s consultation', async () => {
  await page.goto(son_url);
  await Promise.all([page.waitForURL(/\/referrals\/new/), page.getByRole('link', { name: /つなぐ/ }).first().click()]);
  await page.getByLabel('紹介先').selectOption({ label: WINDOW });
  const origin = page.getByLabel('もとの相談');
  const offered = await origin.locator('option').evaluateAll((options) => options.map((option) => option.value));
  assert.ok(offered.includes(consultation_id), `the household's consultation is offered as もとの相談: ${offered}`);
  await origin.selectOption(consultation_id);
  await page.getByLabel('紹介する理由').fill('失職して収入がなく、家賃と父の介護費の支払いに困っている。自立相談支援をお願いしたい。');
  await page.getByLabel('これまでの対応').fill('近隣の方からの電話で把握。本人（息子）と電話で話し、相談に行くことに同意を得た。');
  const response = await SubmitAndWait(page, page.getByRole('button', { name: 'つなぐシートを送る' }));
  assert.equal(response.status(), 303, await CompactText(page));
  await page.waitForURL(/\/referrals\/\d+\?sent=1$/);
  referral_id = page.url().match(/\/referrals\/(\d+)\?/)[1];
  const text = await CompactText(page);
  assert.ok(text.includes(WINDOW), text);
  assert.ok(text.includes(SON.replace(/\s+/g, '')), text);
  assert.equal((await page.locator('#referral-status').innerText()).trim(), '送付');
  assert.deepEqual(UnexpectedProblems(), []);
});

test('the 対応結果 「他機関へつなぎ」 with that referral, then the consultation is closed with a reason', async () => {
  await page.goto(consultation_url);
  await page.getByRole('radio', { name: '他機関へつなぎ' }).check();
  const referral = page.getByLabel('つなぎ（「他機関へつなぎ」のとき）');
  const offered = await referral.locator('option').evaluateAll((options) => options.map((option) => option.value));
  assert.ok(offered.includes(referral_id), `the son's referral is offered: ${offered}`);
  await referral.selectOption(referral_id);
  await page.getByLabel('メモ').fill('息子さんを社協の自立相談支援へ。父は地域包括の見守りへ。');
  let response = await SubmitAndWait(page, page.getByRole('button', { name: '対応結果を記録する' }));
  assert.equal(response.status(), 303, await CompactText(page));
  const outcome = await page.locator('#consultation-outcome').innerText();
  assert.match(outcome, /他機関へつなぎ/);
  assert.equal(await page.locator(`#consultation-outcome a[href="/referrals/${referral_id}"]`).count(), 1);

  await page.getByLabel('終了の理由').fill('息子さんを生活困窮の窓口へつないだため終了。');
  response = await SubmitAndWait(page, page.getByRole('button', { name: '終了する' }));
  assert.equal(response.status(), 303, await CompactText(page));
  assert.equal((await page.locator('#consultation-status').innerText()).trim(), '終了');
  assert.match(await page.locator('#consultation-events').innerText(), /生活困窮の窓口へつないだため終了/);
  assert.equal(await page.getByRole('button', { name: '対応を記録する' }).count(), 0, 'a closed thread takes no contact');
  await page.screenshot({ path: path.join(screenshotDir, `kasane-call-to-close-${backend}.png`), fullPage: true });
  assert.deepEqual(UnexpectedProblems(), []);
});

test('the 相談受付簿 filtered to the week finds it, and exports the week for Excel', async () => {
  await page.goto(`${baseUrl}/consultations`);
  await page.getByLabel('受付日（から）').fill(call.day);
  await page.getByLabel('受付日（まで）').fill(today);
  await page.getByLabel('状態').selectOption({ label: 'すべて' });
  await page.getByLabel('相談経路').selectOption({ label: '近隣' });
  await Promise.all([page.waitForURL(/from=/), page.getByRole('button', { name: '表示' }).click()]);
  const row = page.locator('#book tbody tr', { has: page.locator(`a[href="/consultations/${consultation_id}"]`) });
  assert.equal(await row.count(), 1, await page.locator('main').innerText());
  const cells = (await row.locator('td').allInnerTexts()).map((cell) => cell.trim());
  assert.equal(cells[1], OLD_MAN);
  assert.match(cells[4], /^近隣/);
  assert.match(cells[8], /終了/);
  assert.equal(cells[9], '3');

  const rows = await page.locator('#book tbody tr').count();

  // Exporting is a right of its own (export_rights.hpp): by default the town grants it to coordinators and
  // administrators, not to caseworkers. The caseworker sees no CSV link until the town's administrator grants the
  // export to 相談支援員 on the privacy page (/audit, 個人情報の出力の権限); then the caseworker exports the week.
  const csv = 'CSV出力（Shift_JIS・古いExcel用）';
  assert.equal(await page.getByRole('link', { name: csv }).count(), 0, 'a caseworker has no export by default');
  const administrator = await NewWatchedPage('administrator');
  await SignIn(administrator, 'demo-town-admin');
  await administrator.goto(`${baseUrl}/audit`);
  const grants = administrator.locator('#export-roles');
  await grants.getByLabel('相談支援員').check();
  await SubmitAndWait(administrator, grants.getByRole('button', { name: '出力の権限を保存する' }));
  assert.match(await administrator.locator('main').innerText(), /出力の権限を変更しました/);
  await administrator.context().close();
  await page.reload();
  const bytes = await Download(page, csv);
  const text = new TextDecoder('shift_jis', { fatal: true }).decode(bytes);
  const lines = text.split('\r\n').filter((line) => line !== '');
  assert.match(lines[0], /受付日時/);
  const ours = lines.filter((line) => line.includes(OLD_MAN));
  assert.equal(ours.length, 1, text);
  for (const expected of ['福祉課', '近隣', '終了', '8050', COMPLAINT]) {
    assert.ok(ours[0].includes(expected), `the CSV row lacks ${expected}: ${ours[0]}`);
  }
  assert.equal(lines.length - 1, rows, 'the file has the rows the page shows');
  assert.deepEqual(UnexpectedProblems(), []);
});

test('the 年度集計 counts exactly what was done', async () => {
  const { totals, breakdowns } = await ReportNow();
  assert.equal(totals.contacts, totals_before.contacts + 3, '延べ: the call and two call-backs');
  assert.equal(totals.persons, totals_before.persons + 1, '実人数: the old man');
  assert.equal(totals.households, totals_before.households + 1, '世帯数: theirs');
  assert.equal(totals.consultations, totals_before.consultations + 1, '相談: one thread');
  assert.equal(count(breakdowns.source, '近隣'), count(breakdowns_before.source, '近隣') + 2);
  assert.equal(count(breakdowns.source, '家族'), count(breakdowns_before.source, '家族') + 1);
  assert.equal(count(breakdowns.outcome, '他機関へつなぎ'), count(breakdowns_before.outcome, '他機関へつなぎ') + 3);
  assert.deepEqual(UnexpectedProblems(), []);
});
