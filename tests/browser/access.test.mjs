// SPDX-License-Identifier: Apache-2.0
// Issue #11 (access by person, role and time), done when: in the demo town, a 民生委員 attached to 福祉課, an NPO
// that accepted one referral, and a person named for the 支援会議 whose pledge was signed after a meeting each see
// exactly what the rules give them and nothing else, and the privacy officer's screen shows every read with its
// basis. Walked through the UI as each of them:
//   - demo-houkatsu (地域包括) sends 髙橋 トミ's sheet to 福祉課, and 山田 ハル's to the 民生委員 by name (the form's
//     「指名する民生委員（任意）」); demo-volunteer (民生委員, 福祉課) finds only the second in the inbox and opens its sheet,
//     is refused the first (「見つかりません」), the 年度集計 and any meeting they did not attend;
//   - demo-npo accepts a referral of 髙橋 トミ; her page offers no edit of identity, address or household, a forged
//     POST of the edit form is refused in Japanese and changes nothing, and closing 地域包括's case about her is
//     refused with the reason;
//   - demo-coordinator, on /meeting-bodies, names demo-npo for the 栄浜町支援会議 with a pledge dated today, then
//     convenes it yesterday and today about 山田 ハル: demo-npo sees neither yesterday's meeting nor what it shared,
//     and sees today's;
//   - demo-auditor's page for 山田 ハル lists the reads of the 民生委員 and the NPO with their basis.
// Every page loads without a console error and without a Content-Security-Policy violation. Real binary, `kasane
// demo` then `kasane serve --listen 127.0.0.1:0`, Debian's Chromium.
//
//   KASANE_BIN, KASANE_TEST_DB_URL, KASANE_SCREENSHOT_DIR as in journey.test.mjs.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import {
  CompactText,
  JapanDate,
  NewWatchedPage,
  SignIn,
  StartKasane,
  StopKasane,
  SubmitAndWait,
  UnexpectedProblems,
  backend,
  baseUrl,
  screenshotDir,
} from './support.mjs';

let houkatsu;     // demo-houkatsu (栄浜町地域包括支援センター): holds the records of 髙橋 トミ and 山田 ハル
let volunteer;    // demo-volunteer (民生委員・児童委員, attached to 福祉課)
let npo;          // demo-npo (NPO法人 ひだまりの家)
let coordinator;  // demo-coordinator (福祉課)
let auditor;      // demo-auditor (個人情報保護 担当)

const OUR_NPO = 'NPO法人 ひだまりの家（ひきこもり支援）';
const WELFARE = '福祉課';
const TOMI = '髙橋 トミ';
const HARU = '山田 ハル';
const TOMI_REASON = '介護と長男のひきこもりについて、福祉課の総合相談につなぎたい。精神科の受診歴あり。';
const HARU_REASON = '一人で外出できなくなっている。民生委員さんに見守りをお願いしたい。';
const NPO_REASON = '同居の長男への訪問支援をお願いしたい。';
const YESTERDAY_SUMMARY = '昨日の支援会議で共有した概要：物忘れが進み、火の不始末が心配。';
const TODAY_SUMMARY = '本日の支援会議で共有した概要：見守りの分担を決めた。';

let tomi_url;
let haru_url;
let haru_id;
let tomi_referral_url;  // 地域包括 → 福祉課
let haru_referral_url;  // 地域包括 → 民生 ただし（デモ） by name
let yesterday_meeting_url;
let today_meeting_url;

// Finds a person by name on /persons as the signed-in user and returns the record's address.
async function PersonUrl(page, name) {
  await page.goto(`${baseUrl}/persons?q=${encodeURIComponent(name)}`);
  const link = page.locator('main a[href^="/persons/"]', { hasText: name }).first();
  return new URL(await link.getAttribute('href'), baseUrl).toString().replace(/\?.*$/, '');
}

// Sends a referral from the person's page through the form; `named` picks a 民生委員 by name.
async function Refer(page, personUrl, { to, named, reason }) {
  await page.goto(personUrl);
  await Promise.all([page.waitForURL(/\/referrals\/new$/), page.getByRole('link', { name: /つなぐ/ }).click()]);
  if (to) await page.getByLabel('紹介先').selectOption({ label: to });
  if (named) await page.getByLabel('指名する民生委員（任意）').selectOption({ label: named });
  await page.getByLabel('紹介する理由').fill(reason);
  await page.getByLabel('これまでの対応').fill('訪問して話を聞いた。');
  const response = await SubmitAndWait(page, page.getByRole('button', { name: 'つなぐシートを送る' }));
  assert.equal(response.status(), 303, await CompactText(page));
  await page.waitForURL(/\/referrals\/\d+\?sent=1$/);
  return page.url().replace(/\?.*$/, '');
}

// Convenes a meeting of the 栄浜町支援会議 on `heldOn` about 山田 ハル, with the NPO's person attending.
async function ConveneAboutHaru(page, heldOn, summary) {
  await page.goto(`${baseUrl}/meetings/new`);
  const value = await page.locator('#body_id option').filter({ hasText: /^\s*栄浜町支援会議（/ }).getAttribute('value');
  await page.locator('#body_id').selectOption(value);
  await page.getByLabel('開催日').fill(heldOn);
  await page.getByLabel(/陽だまり ゆう（デモ）/).check();
  const fragment = page.waitForResponse((r) => r.url().includes('/meetings/agenda-search') && r.status() === 200);
  await page.getByLabel('議題にする本人を探す').pressSequentially('山田', { delay: 20 });
  await fragment;
  await page.getByLabel(`議題にする: ${HARU}`).waitFor();
  await page.getByLabel(`議題にする: ${HARU}`).check();
  await page.getByLabel(`共有する内容（${HARU}）`).fill(summary);
  await page.getByLabel('議事録', { exact: true }).fill('支援会議を開催した。');
  const response = await SubmitAndWait(page, page.getByRole('button', { name: '会議を記録する' }));
  assert.equal(response.status(), 303, await CompactText(page));
  await page.waitForURL(/\/meetings\/\d+\?created=1$/);
  return page.url().replace(/\?.*$/, '');
}

before(async () => {
  await StartKasane('kasane-access-');
  houkatsu = await NewWatchedPage('houkatsu');
  volunteer = await NewWatchedPage('volunteer');
  npo = await NewWatchedPage('npo');
  coordinator = await NewWatchedPage('coordinator');
  auditor = await NewWatchedPage('auditor');
});

after(StopKasane);

test('地域包括 sends 髙橋 トミ to 福祉課, and 山田 ハル to the 民生委員 by name', async () => {
  const page = houkatsu;
  await SignIn(page, 'demo-houkatsu');
  tomi_url = await PersonUrl(page, TOMI);
  haru_url = await PersonUrl(page, HARU);
  haru_id = haru_url.match(/\/persons\/(\d+)$/)[1];
  tomi_referral_url = await Refer(page, tomi_url, { to: WELFARE, reason: TOMI_REASON });
  assert.ok((await CompactText(page)).includes(WELFARE));
  haru_referral_url = await Refer(page, haru_url, { named: '民生 ただし（デモ）', reason: HARU_REASON });
  const sheet = await CompactText(page);
  assert.ok(sheet.includes(HARU_REASON), sheet);
  assert.deepEqual(UnexpectedProblems(), []);
});

test('the 民生委員 sees only the referral addressed to them, and opens its sheet', async () => {
  const page = volunteer;
  await SignIn(page, 'demo-volunteer');
  // No 年度集計 in the navigation.
  assert.equal(await page.locator('nav.site-nav').getByRole('link', { name: '年度集計' }).count(), 0);
  await page.goto(`${baseUrl}/referrals`);
  const inbox = await CompactText(page);
  assert.ok(inbox.includes('山田'), inbox);
  assert.ok(!inbox.includes('髙橋'), `福祉課's referral of 髙橋 トミ is in the 民生委員's list: ${inbox}`);
  assert.ok(!inbox.includes('精神科'), inbox);
  await Promise.all([page.waitForURL(haru_referral_url), page.locator(`a[href$="${new URL(haru_referral_url).pathname}"]`).first().click()]);
  const sheet = await CompactText(page);
  assert.ok(sheet.includes('つなぐシート'), sheet);
  assert.ok(sheet.includes(HARU_REASON), sheet);
  assert.ok(sheet.includes('山田ハル'), sheet);
  await page.screenshot({ path: path.join(screenshotDir, `kasane-access-volunteer-sheet-${backend}.png`), fullPage: true });
  assert.deepEqual(UnexpectedProblems(), []);

  // 福祉課's own referral, opened by its address: as if it did not exist.
  const refused = await page.goto(tomi_referral_url);
  assert.equal(refused.status(), 404);
  const text = await CompactText(page);
  assert.ok(text.includes('見つかりません'), text);
  assert.ok(!text.includes('精神科') && !text.includes('髙橋'), text);
  // Nor 髙橋 トミ's record, which 福祉課's staff see by 名寄せ.
  assert.equal((await page.goto(tomi_url)).status(), 404);
  assert.deepEqual(UnexpectedProblems(404), []);

  // The town's reports are not theirs.
  // The 年度 of the demo's visits (21 and 40 days ago): 1 or 2 consultations, which must show as χ.
  const [year, month] = JapanDate(-21).split('-').map(Number);
  const report = await page.goto(`${baseUrl}/reports/fiscal-year?year=${month >= 4 ? year : year - 1}`);
  assert.ok([403, 404].includes(report.status()), `年度集計 answered ${report.status()}`);
  assert.ok(!(await page.locator('#total-persons').count()), 'the report\'s figures are shown');
  assert.match(await CompactText(page), /権限|見つかりません/);
  assert.deepEqual(UnexpectedProblems(report.status()), []);
});

test('the NPO accepts a referral of 髙橋 トミ; her page offers no edit, a forged edit is refused, and so is closing the case', async () => {
  // 地域包括, which holds her record, opens a case about her and refers her to the NPO.
  let page = houkatsu;
  await page.goto(tomi_url);
  await Promise.all([page.waitForURL(/\/cases\/new\?person_id=\d+$/), page.getByRole('link', { name: '支援ケースを開始' }).click()]);
  await page.getByLabel('ケースの名前').fill('髙橋さんの介護と長男の支援');
  await page.getByLabel('主担当機関').selectOption({ label: '栄浜町地域包括支援センター' });
  await page.getByLabel('多機関協働', { exact: true }).check();
  let response = await SubmitAndWait(page, page.getByRole('button', { name: '支援ケースを開始する' }));
  assert.equal(response.status(), 303, await CompactText(page));
  await page.waitForURL(/\/cases\/\d+\?opened=1$/);
  const case_url = page.url().replace(/\?.*$/, '');
  const npo_referral_url = await Refer(page, tomi_url, { to: OUR_NPO, reason: NPO_REASON });
  assert.deepEqual(UnexpectedProblems(), []);

  page = npo;
  await SignIn(page, 'demo-npo');
  await page.goto(npo_referral_url);
  response = await SubmitAndWait(page, page.getByRole('button', { name: '受理する' }));
  assert.equal(response.status(), 303);
  await page.waitForURL(/\/referrals\/\d+\?answered=1$/);

  // The record opens, read-only: no edit of identity and address, no household change, the reason given.
  response = await page.goto(tomi_url);
  assert.equal(response.status(), 200);
  const text = await CompactText(page);
  assert.ok(text.includes('髙橋トミ'), text);
  assert.equal(await page.locator(`form[action="${new URL(tomi_url).pathname}"]`).count(), 0, 'the page offers the edit form');
  assert.equal(await page.locator('form[action$="/households"]').count(), 0, 'the page offers a household change');
  assert.equal(await page.getByRole('button', { name: '保存する' }).count(), 0);
  assert.ok(text.includes('世帯の構成を変更できるのは、本人の記録を保有する機関とケースの主担当機関です'), text);
  await page.screenshot({ path: path.join(screenshotDir, `kasane-access-npo-person-${backend}.png`), fullPage: true });
  assert.deepEqual(UnexpectedProblems(), []);

  // A forged POST of the edit form (with the NPO's own CSRF token) is refused in Japanese and changes nothing.
  const csrf = await page.locator('input[name="_csrf"]').first().getAttribute('value');
  const forged = await page.request.post(tomi_url, {
    form: { _csrf: csrf, version: '1', family_name: '改竄', given_name: 'トミ', family_name_kana: 'カイザン',
            given_name_kana: 'トミ', birth_date: '昭和15年6月15日', sex: 'female', phone: '0858-99-9999',
            prefecture: '鳥取県', municipality: '東伯郡栄浜町', town: '別の町', block: '1-1' },
    maxRedirects: 0,
  });
  assert.equal(forged.status(), 403);
  const refusal = await forged.text();
  assert.match(refusal, /保有する機関|主担当|変更できる|編集できる/);
  assert.ok(!refusal.includes('改竄'), 'the refusal echoes the forged input');
  await page.goto(tomi_url);
  const after = await CompactText(page);
  assert.ok(after.includes('髙橋トミ') && !after.includes('改竄') && !after.includes('別の町'), after);

  // Closing the case that 地域包括 leads: refused with the reason; the case stays open.
  response = await page.goto(case_url);
  assert.equal(response.status(), 200);
  const closing = await page.request.post(`${case_url}/status`, {
    form: { _csrf: csrf, version: '1', scope: 'case', status: 'closed', reason: 'NPOが勝手に終結する' },
    maxRedirects: 0,
  });
  assert.equal(closing.status(), 403, await closing.text());
  assert.match(await closing.text(), /主担当|保有する機関|変更できる/);
  await page.goto(case_url);
  assert.ok(!(await page.locator('#case-overall-status').innerText()).includes('終結'));
  assert.deepEqual(UnexpectedProblems(), []);
});

test('the coordinator names the NPO\'s person for the 支援会議 with a pledge dated today, and convenes it yesterday and today', async () => {
  const page = coordinator;
  await SignIn(page, 'demo-coordinator');
  await page.goto(`${baseUrl}/meeting-bodies`);
  await Promise.all([
    page.waitForURL(/\/meeting-bodies\/\d+$/),
    page.getByRole('link', { name: '栄浜町支援会議を編集する', exact: true }).click(),
  ]);
  const pledge = page.getByLabel(/陽だまり ゆう（デモ）.*の誓約日/);
  assert.ok((await pledge.inputValue()).length > 0, 'the NPO\'s person is not named yet');
  await pledge.fill(JapanDate(0));
  const response = await SubmitAndWait(page, page.getByRole('button', { name: '保存する' }));
  assert.equal(response.status(), 303, await CompactText(page));
  await page.waitForURL(/\/meeting-bodies\?saved=1$/);
  assert.deepEqual(UnexpectedProblems(), []);

  yesterday_meeting_url = await ConveneAboutHaru(page, JapanDate(-1), YESTERDAY_SUMMARY);
  today_meeting_url = await ConveneAboutHaru(page, JapanDate(0), TODAY_SUMMARY);
  assert.deepEqual(UnexpectedProblems(), []);
});

test('the NPO does not see the meeting held before its pledge, nor what it shared; it sees today\'s', async () => {
  const page = npo;
  await page.goto(`${baseUrl}/meetings`);
  const links = await page.locator('#meetings a[href^="/meetings/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.ok(links.includes(new URL(today_meeting_url).pathname), `today's meeting is not listed: ${links}`);
  assert.ok(!links.includes(new URL(yesterday_meeting_url).pathname), `yesterday's meeting is listed: ${links}`);
  let response = await page.goto(today_meeting_url);
  assert.equal(response.status(), 200);
  assert.ok((await CompactText(page)).includes(TODAY_SUMMARY.replace(/\s+/g, '')));
  response = await page.goto(yesterday_meeting_url);
  assert.equal(response.status(), 404);
  assert.ok(!(await CompactText(page)).includes('昨日の支援会議'));
  assert.deepEqual(UnexpectedProblems(404), []);
  // 山田 ハル's page: what today's meeting shared, not yesterday's.
  response = await page.goto(haru_url);
  assert.equal(response.status(), 200);
  const text = await CompactText(page);
  assert.ok(text.includes(TODAY_SUMMARY.replace(/\s+/g, '')), text);
  assert.ok(!text.includes(YESTERDAY_SUMMARY.replace(/\s+/g, '')), 'yesterday\'s summary reached the NPO');
  assert.ok(!text.includes('0858-00-5678'), 'the phone reached the NPO');
  assert.deepEqual(UnexpectedProblems(), []);
});

test('the 民生委員 is not given the meetings they did not attend', async () => {
  const page = volunteer;
  await page.goto(`${baseUrl}/meetings`);
  assert.equal(await page.locator('#meetings a[href^="/meetings/"]').count(), 0, await CompactText(page));
  const response = await page.goto(today_meeting_url);
  assert.equal(response.status(), 404);
  assert.ok(!(await CompactText(page)).includes('本日の支援会議'));
  assert.deepEqual(UnexpectedProblems(404), []);
});

test('the privacy officer sees the reads of 山田 ハル with their basis', async () => {
  const page = auditor;
  await SignIn(page, 'demo-auditor');
  await page.goto(`${baseUrl}/audit`);
  // The person is picked by name (issue 13, item 10), not by typing an internal id.
  await page.getByLabel('本人の氏名・ふりがな').fill('山田 ハル');
  await Promise.all([page.waitForURL(/\/audit\/person\?q=/), page.getByRole('button', { name: '氏名で探す' }).click()]);
  await Promise.all([page.waitForURL(new RegExp(`/audit/person\\?person_id=${haru_id}$`)),
                     page.locator(`#audit-person-matches a[href="/audit/person?person_id=${haru_id}"]`).click()]);
  const rows = page.locator('#audit-rows tbody tr');
  const rowsOf = async (who) => (await rows.filter({ hasText: who }).allInnerTexts()).join('\n');
  const volunteerRows = await rowsOf('民生 ただし（デモ）');
  assert.ok(volunteerRows.includes('つなぎ'), `the 民生委員's read of the sheet: ${volunteerRows}`);
  const npoRows = await rowsOf('陽だまり ゆう（デモ）');
  assert.ok(npoRows.includes('法定の会議'), `the NPO's reads through today's meeting: ${npoRows}`);
  const houkatsuRows = await rowsOf('包括 さとし（デモ）');
  assert.ok(houkatsuRows.includes('自機関の記録'), houkatsuRows);
  const coordinatorRows = await rowsOf('調整 みどり（デモ）');
  assert.ok(coordinatorRows.includes('会議での提供'), coordinatorRows);
  await page.screenshot({ path: path.join(screenshotDir, `kasane-access-audit-${backend}.png`), fullPage: true });
  assert.deepEqual(UnexpectedProblems(), []);
});

test('the prefecture analyst reads the 年度集計 with small cells as χ, and no person', async () => {
  const page = await NewWatchedPage('analyst');
  await SignIn(page, 'demo-analyst');
  // The 年度 of the demo's visits (21 and 40 days ago): 1 or 2 consultations, which must show as χ.
  const [year, month] = JapanDate(-21).split('-').map(Number);
  const report = await page.goto(`${baseUrl}/reports/fiscal-year?year=${month >= 4 ? year : year - 1}`);
  assert.equal(report.status(), 200);
  const text = await page.locator('main').innerText();
  for (const name of [TOMI, HARU]) assert.ok(!text.includes(name), `the report names ${name}`);
  // Small counts show as χ, with the note why.
  assert.ok(text.includes('χ'), text);
  assert.equal(await page.locator('#suppression-note').count(), 1);
  // No count of 1 or 2 leaves the town: every count cell is χ, 0 or at least 3.
  for (const cell of await page.locator('main table td').allInnerTexts()) {
    const count = Number(cell.trim().replace(/,/g, ''));
    if (cell.trim() !== '' && Number.isInteger(count)) assert.ok(count === 0 || count >= 3, `a small cell shown: ${cell}`);
  }
  // A person's page answers as a missing page would.
  const person = await page.goto(`${baseUrl}/persons/${haru_id}`);
  assert.equal(person.status(), 404);
  await page.context().close();
  assert.deepEqual(UnexpectedProblems(404), []);
});
