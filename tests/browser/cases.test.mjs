// SPDX-License-Identifier: Apache-2.0
// Issue #6 (多機関協働), done when, in the browser: in the demo town, the 8050 household — 山田 ハル (84, known to
// 地域包括) and her son, withdrawn for years (52) — goes from a consultation at 地域包括 (相談受付), through the
// household, a 栄浜町支援会議 (社会福祉法第106条の6, shares without consent) convened by the coordinator with son and
// mother on its agenda (the coordinator, of the municipality, finds them by name for the agenda), and the consent of
// both (共有 tab), to a support case opened by the coordinator, a household assessment on the town's versioned form
// (per-member items for mother and son, 経緯・背景, 強み), a 重層的支援会議 that has him on the agenda and approves a plan
// with roles for 地域包括, the ひきこもり NPO and 福祉課; the NPO's caseworker adds a note and completes its action; a
// review; the 多機関協働 part closes with 地域包括 carrying on. The genogram (an <svg> with the members' names) is on the
// case page and on the printed record. Every page loads without a console error and without a Content-Security-Policy
// violation.
//
//   KASANE_BIN, KASANE_TEST_DB_URL, KASANE_SCREENSHOT_DIR as in support.mjs.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import {
  NewWatchedPage,
  RecordIntake,
  SignIn,
  StartKasane,
  StopKasane,
  SubmitAndWait,
  UnexpectedProblems,
  backend,
  baseUrl,
  screenshotDir,
} from './support.mjs';

const NPO = 'NPO法人 ひだまりの家（ひきこもり支援）';
const HOUKATSU = '栄浜町地域包括支援センター';
const WELFARE = '福祉課';
const MOTHER = '山田 ハル';
const SON = '山田 健一';
const NOTE_BY_NPO = '自宅を訪問。健一さんと玄関先で10分話せた。次回も同じ曜日に訪問する約束をした。';
const SUPPORT_SUMMARY_SON = '50代男性。20年近く自宅にこもっている。母（80代）の介護が始まり、世帯の今後に不安。本人の同意はまだない。';
const SUPPORT_SUMMARY_MOTHER = '80代女性。地域包括が介護保険の更新で訪問中。長男と二人暮らし。';
const BACKGROUND = '長男は高校卒業後に短期間就労したが、退職後20年近く自室中心の生活。父の死後は母の年金で暮らす。';
const STRENGTHS = '母子の関係は良好。長男は母の通院の付き添いはできている。';

let houkatsu;     // demo-houkatsu (栄浜町地域包括支援センター)
let coordinator;  // demo-coordinator (福祉課)
let npo;          // demo-npo (NPO法人 ひだまりの家), in a browser context of its own

let son_url;
let household_url;
let case_url;

async function Text(page, selector = 'main') {
  return (await page.locator(selector).innerText()).replace(/\s+/g, '');
}

// Types `query` into the meeting form's agenda search and waits for the htmx fragment that answers it.
async function SearchAgenda(page, query) {
  const fragment = page.waitForResponse((r) => r.url().includes('/meetings/agenda-search') &&
                                               new URL(r.url()).searchParams.get('agenda_q') === query && r.status() === 200);
  await page.getByLabel('議題にする本人を探す').fill(query);
  await fragment;
}

async function OptionValue(page, selector, label) {
  const value = await page.locator(`${selector} option`).filter({ hasText: label }).first().getAttribute('value');
  assert.ok(value, `${selector}: no option ${label}`);
  return value;
}

before(async () => {
  await StartKasane('kasane-cases-');
  houkatsu = await NewWatchedPage('houkatsu');
  coordinator = await NewWatchedPage('coordinator');
  npo = await NewWatchedPage('npo');
});

after(StopKasane);

test('地域包括 records the son at intake and the household with his mother', async () => {
  const page = houkatsu;
  await SignIn(page, 'demo-houkatsu');
  let response = await RecordIntake(page, {
    family_name: '山田', given_name: '健一', family_name_kana: 'ヤマダ', given_name_kana: 'ケンイチ',
    birth_date: '昭和49年3月3日', sex: 'male',
    channel: 'home_visit', source: 'family', caller_name: MOTHER, caller_relationship: '母', categories: ['ひきこもり'],
    chief_complaint: '長男が20年近く家にこもっている。母は自分が亡くなった後が心配。',
    summary: '母の介護の訪問時に母から相談。長男は同席せず。',
  }, { newAfterWarning: false });
  assert.equal(response.status(), 303, await Text(page));
  await page.waitForURL(/\/persons\/\d+\?recorded=\d+$/);
  son_url = page.url().replace(/\?.*$/, '');

  // The mother's record (known to 地域包括): a new household with her as its head.
  await page.goto(`${baseUrl}/persons?q=${encodeURIComponent('山田 ハル')}`);
  await Promise.all([page.waitForURL(/\/persons\/\d+$/), page.getByRole('link', { name: new RegExp(MOTHER) }).first().click()]);
  await page.locator('summary', { hasText: '新しい世帯を記録する' }).click();
  await page.getByLabel('世帯の呼び名').fill('山田さん世帯');
  response = await SubmitAndWait(page, page.getByRole('button', { name: '世帯を記録する' }));
  assert.equal(response.status(), 303, await Text(page));
  await page.waitForURL(/\/households\/\d+$/);
  household_url = page.url();

  // The son joins it as her child.
  await page.getByLabel('加える人を探す').fill('山田 健一');
  await Promise.all([page.waitForURL(/member_q=/), page.getByRole('button', { name: '探す' }).click()]);
  await page.locator('label.choice__label', { hasText: SON }).locator('input[type="radio"]').check();
  await page.getByLabel('続柄（世帯主から見て）').selectOption('child');
  response = await SubmitAndWait(page, page.getByRole('button', { name: '世帯員に加える' }));
  assert.equal(response.status(), 303, await Text(page));
  const household = await Text(page);
  assert.ok(household.includes('山田健一'), household);
  assert.ok(household.includes('山田ハル'), household);
  assert.deepEqual(UnexpectedProblems(), []);
});

test('before any consent, the coordinator convenes the 栄浜町支援会議 with son and mother on its agenda', async () => {
  const page = coordinator;
  await SignIn(page, 'demo-coordinator');
  // Not the 重層的支援会議: without consent that body refuses them (sharing.test.mjs); the 支援会議 shares without it.
  await page.goto(`${baseUrl}/meetings/new`);
  const body = await page.locator('#body_id option').filter({ hasText: /^\s*栄浜町支援会議（/ }).getAttribute('value');
  await page.locator('#body_id').selectOption(body);
  await page.getByLabel(/陽だまり ゆう（デモ）/).check();
  await page.getByLabel(/包括 さとし（デモ）/).check();
  await SearchAgenda(page, SON);
  await page.getByLabel(`議題にする: ${SON}`).check();
  await page.getByLabel(`共有する内容（${SON}）`).fill(SUPPORT_SUMMARY_SON);
  // A second search keeps the son ticked, with what is shared for him.
  await SearchAgenda(page, MOTHER);
  await page.getByLabel(`議題にする: ${MOTHER}`).check();
  await page.getByLabel(`共有する内容（${MOTHER}）`).fill(SUPPORT_SUMMARY_MOTHER);
  assert.equal(await page.getByLabel(`議題にする: ${SON}`).isChecked(), true);
  assert.equal(await page.getByLabel(`共有する内容（${SON}）`).inputValue(), SUPPORT_SUMMARY_SON);
  await page.getByLabel('議事録', { exact: true }).fill('本人と母に、重層的支援会議での共有について地域包括が同意の説明を行うこととした。');
  await page.getByLabel('決定 1 の種類').selectOption('roles_assigned');
  await page.getByLabel('決定 1 の内容').fill('地域包括が同意の説明を行う。');
  const response = await SubmitAndWait(page, page.getByRole('button', { name: '会議を記録する' }));
  assert.equal(response.status(), 303, await Text(page));
  await page.waitForURL(/\/meetings\/\d+\?created=1$/);
  const text = await Text(page);
  assert.ok(text.includes('会議を記録しました'), text);
  assert.ok(text.includes('非公開'), text);
  assert.ok(text.includes('栄浜町支援会議'), text);
  assert.ok(text.includes('社会福祉法第106条の6（支援会議）'), text);
  const agenda = await Text(page, 'ol.agenda');
  assert.ok(agenda.includes(SON.replace(/\s+/g, '')), agenda);
  assert.ok(agenda.includes(MOTHER.replace(/\s+/g, '')), agenda);
  assert.ok(agenda.includes(SUPPORT_SUMMARY_SON), agenda);
  assert.ok(agenda.includes(SUPPORT_SUMMARY_MOTHER), agenda);
  assert.deepEqual(UnexpectedProblems(), []);
});

test('地域包括 records the consent of both to share with 福祉課, the NPO and the 重層的支援会議', async () => {
  const page = houkatsu;
  const motherUrl = await (async () => {
    await page.goto(household_url);
    const href = await page.locator('a', { hasText: MOTHER }).first().getAttribute('href');
    return `${baseUrl}${href}`;
  })();
  for (const url of [son_url, motherUrl]) {
    await page.goto(`${url}/sharing`);
    await page.locator('summary', { hasText: '同意を記録する' }).click();
    const form = page.locator('form[action$="/consents"]');
    await form.getByLabel(NPO, { exact: true }).check();
    await form.getByLabel(WELFARE, { exact: true }).check();
    await form.getByLabel(/栄浜町重層的支援会議（/).check();
    await form.getByLabel('書面', { exact: true }).check();
    const response = await SubmitAndWait(page, page.getByRole('button', { name: '同意を記録する' }));
    assert.equal(response.status(), 303, await Text(page));
    await page.waitForURL(/\/sharing\?consented=1/);
  }
  assert.deepEqual(UnexpectedProblems(), []);
});

test('the coordinator opens a case from the son\'s page; the genogram shows the household', async () => {
  const page = coordinator;
  await page.goto(son_url);
  await Promise.all([page.waitForURL(/\/cases\/new\?person_id=\d+$/), page.getByRole('link', { name: '支援ケースを開始' }).click()]);
  // Bad input first: no title. The form comes back with the message beside the field, the choices kept.
  await page.getByLabel('ケースの名前').fill('');
  await page.getByLabel('アウトリーチ', { exact: true }).check();
  let response = await SubmitAndWait(page, page.getByRole('button', { name: '支援ケースを開始する' }));
  assert.equal(response.status(), 400);
  assert.match(await page.locator('#case-title-error').innerText(), /ケースの名前/);
  assert.equal(await page.getByLabel('アウトリーチ', { exact: true }).isChecked(), true);
  assert.deepEqual(UnexpectedProblems(400), []);

  await page.getByLabel('ケースの名前').fill('8050世帯（母の介護と長男のひきこもり）');
  await page.getByLabel('世帯', { exact: true }).selectOption({ label: '山田さん世帯' });
  await page.getByLabel('主担当機関').selectOption({ label: WELFARE });
  await page.getByLabel('多機関協働', { exact: true }).check();
  response = await SubmitAndWait(page, page.getByRole('button', { name: '支援ケースを開始する' }));
  assert.equal(response.status(), 303, await Text(page));
  await page.waitForURL(/\/cases\/\d+\?opened=1$/);
  case_url = page.url().replace(/\?.*$/, '');
  const text = await Text(page);
  assert.ok(text.includes('支援ケースを開始しました'), text);
  const svg = page.locator('#genogram svg.genogram');
  assert.ok(await svg.isVisible());
  const drawn = await svg.innerHTML();
  assert.ok(drawn.includes(MOTHER), drawn);
  assert.ok(drawn.includes(SON), drawn);
  assert.ok(drawn.includes('>84<'), 'the mother is 84');
  assert.ok(drawn.includes('>52<'), 'the son is 52');
  assert.equal(await svg.locator('.genogram__member--case rect.genogram__outline').count(), 1);

  // The eco-map: 地域包括 as a strong tie of the household.
  await page.locator('#case-household summary', { hasText: '関係を記録する' }).click();
  await page.locator('#relation-organization').selectOption({ label: HOUKATSU });
  await page.locator('#relation-strength').selectOption('strong');
  response = await SubmitAndWait(page, page.getByRole('button', { name: '関係を記録する' }));
  assert.equal(response.status(), 303, await Text(page));
  await page.waitForURL(/\?relation=1/);
  assert.equal(await page.locator('#genogram svg .eco-line--strong').count(), 1);
  assert.ok((await page.locator('#genogram svg').innerHTML()).includes('栄浜町地域包括支援セ'));
  assert.deepEqual(UnexpectedProblems(), []);
});

test('the coordinator records the household assessment; the case page shows it with its form version', async () => {
  const page = coordinator;
  await page.goto(case_url);
  await Promise.all([page.waitForURL(/\/assessment$/),
                     page.locator('#case-assessment').getByRole('link', { name: 'アセスメントを記録する' }).click()]);
  const version = (await page.locator('.note', { hasText: '様式:' }).innerText()).match(/（第(\d+)版）/)?.[1];
  assert.ok(version, 'the form names its version');
  const choose = async (item, member, option) => {
    const name = member ? `${item}（${member}）` : item;
    await page.locator(`[aria-label="${name}"]`).getByLabel(option, { exact: true }).check();
  };
  // Per member: the mother's care and income, the son's withdrawal and work.
  await choose('介護', MOTHER, '要介護・要支援の認定あり');
  await choose('就労', MOTHER, '年金生活');
  await choose('収入', MOTHER, '年金');
  await choose('ひきこもり・不登校', SON, 'ひきこもり（10年以上）');
  await choose('就労', SON, '就労していない');
  await choose('収入', SON, '収入なし');
  await choose('介護', SON, '家族が介護している（ダブルケアを含む）');
  await page.getByLabel(`本人・世帯員についての特記事項（${SON}）`).fill('日中は自室で過ごす。夜間にコンビニへ行くことはある。');
  for (const issue of ['介護', 'ひきこもり・不登校', '収入・生活費']) await choose('世帯の課題（☑は複数可）', '', issue);
  await choose('複合課題の型', '', '8050');
  await choose('支援への本人の意向', '', '一部の支援を希望している');
  await page.getByLabel('経緯・背景', { exact: true }).fill(BACKGROUND);
  await page.getByLabel('強み（本人・世帯）').fill(STRENGTHS);

  // Bad input first: 住まい is required. The form comes back with the message beside the item, the answers kept.
  let response = await SubmitAndWait(page, page.getByRole('button', { name: 'アセスメントを記録する' }));
  assert.equal(response.status(), 400);
  assert.match(await page.locator('#housing-error').innerText(), /住まい/);
  assert.equal(await page.locator(`[aria-label="ひきこもり・不登校（${SON}）"]`)
    .getByLabel('ひきこもり（10年以上）', { exact: true }).isChecked(), true);
  assert.equal(await page.getByLabel('経緯・背景', { exact: true }).inputValue(), BACKGROUND);
  assert.deepEqual(UnexpectedProblems(400), []);

  await choose('住まい', '', '持ち家');
  response = await SubmitAndWait(page, page.getByRole('button', { name: 'アセスメントを記録する' }));
  assert.equal(response.status(), 303, await Text(page));
  await page.waitForURL(/\/cases\/\d+\?assessed=1/);
  assert.ok((await Text(page)).includes('アセスメントを記録しました'));
  const assessment = await Text(page, '#case-assessment');
  assert.ok(assessment.includes(`様式第${version}版`), assessment);
  assert.ok(assessment.includes('インテーク・アセスメントシート（世帯）'), assessment);
  assert.ok(assessment.includes(WELFARE), assessment);  // recorded by the coordinator's 福祉課
  for (const shown of [
    `介護（${MOTHER.replace(/\s+/g, '')}）`, '要介護・要支援の認定あり',
    `ひきこもり・不登校（${SON.replace(/\s+/g, '')}）`, 'ひきこもり（10年以上）',
    `就労（${SON.replace(/\s+/g, '')}）`, '就労していない',
    `就労（${MOTHER.replace(/\s+/g, '')}）`, '年金生活',
    '住まい', '持ち家', '収入・生活費', '8050', '一部の支援を希望している',
    `経緯・背景${BACKGROUND}`, `強み${STRENGTHS}`,
  ]) {
    assert.ok(assessment.includes(shown), `${shown} in ${assessment}`);
  }
  assert.deepEqual(UnexpectedProblems(), []);
});

test('the coordinator drafts a plan with actions for 地域包括, the NPO and 福祉課', async () => {
  const page = coordinator;
  await page.goto(`${case_url}/plans/new`);
  await page.getByLabel('目標（本人の言葉で）').fill('「少しずつ外に出られるようになりたい」「母さんの世話は続けたい」');
  await page.getByLabel('世帯の目標').fill('母が在宅で暮らし続け、長男が社会とのつながりを取り戻す。');
  await page.getByLabel('モニタリング予定日').fill('令和9年2月1日');
  await page.getByLabel('アウトリーチへつなぐ').check();
  const rows = [
    ['母の介護保険サービスの調整', HOUKATSU, '令和9年1月15日', ''],
    ['長男への週1回の訪問（アウトリーチ）', NPO, '令和9年1月31日', 'outreach'],
    ['世帯の家計と長男の就労の相談', WELFARE, '令和9年1月31日', ''],
  ];
  for (const [index, [description, organization, due, program]] of rows.entries()) {
    await page.getByLabel(`取組 ${index + 1}`, { exact: true }).fill(description);
    await page.getByLabel(`取組 ${index + 1} の担当機関`).selectOption({ label: organization });
    await page.getByLabel(`取組 ${index + 1} の期限`).fill(due);
    if (program) await page.getByLabel(`取組 ${index + 1} の事業`).selectOption(program);
  }
  const response = await SubmitAndWait(page, page.getByRole('button', { name: 'プラン（案）を保存する' }));
  assert.equal(response.status(), 303, await Text(page));
  await page.waitForURL(/\?drafted=1/);
  const text = await Text(page, '#case-plan');
  assert.ok(text.includes('支援プラン（案）'), text);
  assert.ok(text.includes('長男への週1回の訪問'), text);
  assert.deepEqual(UnexpectedProblems(), []);
});

test('the 重層的支援会議 has the son on its agenda; the plan is approved there and the roles assigned', async () => {
  const page = coordinator;
  await page.goto(`${baseUrl}/meetings/new`);
  const body = await page.locator('#body_id option').filter({ hasText: /^\s*栄浜町重層的支援会議（/ }).getAttribute('value');
  await page.locator('#body_id').selectOption(body);
  await page.getByLabel(/陽だまり ゆう（デモ）/).check();
  await page.getByLabel(/包括 さとし（デモ）/).check();
  const fragment = page.waitForResponse((r) => r.url().includes('/meetings/agenda-search') && r.status() === 200);
  await page.getByLabel('議題にする本人を探す').pressSequentially('山田', { delay: 20 });
  await fragment;
  await page.getByLabel(/議題にする: 山田 健一/).waitFor();
  await page.getByLabel(/議題にする: 山田 健一/).check();
  await page.getByLabel(`共有する内容（${SON}）`).fill('8050世帯。支援プラン（案）の承認と役割分担。');
  await page.getByLabel('議事録', { exact: true }).fill('支援プラン（案）を確認し、承認した。');
  await page.getByLabel('決定 1 の種類').selectOption('plan_approved');
  await page.getByLabel('決定 1 の内容').fill('支援プランを承認。');
  let response = await SubmitAndWait(page, page.getByRole('button', { name: '会議を記録する' }));
  assert.equal(response.status(), 303, await Text(page));
  await page.waitForURL(/\/meetings\/\d+\?created=1$/);
  assert.deepEqual(UnexpectedProblems(), []);

  // On the case page: approve the draft at that meeting.
  await page.goto(case_url);
  const meeting = await OptionValue(page, '#approve-meeting', '栄浜町重層的支援会議');
  await page.locator('#approve-meeting').selectOption(meeting);
  response = await SubmitAndWait(page, page.getByRole('button', { name: '会議での承認を記録する' }));
  assert.equal(response.status(), 303, await Text(page));
  await page.waitForURL(/\?approved=1/);
  let plan = await Text(page, '#case-plan');
  assert.ok(plan.includes('承認済み'), plan);
  assert.ok(plan.includes('栄浜町重層的支援会議'), plan);

  const roles = [
    [HOUKATSU, '母の介護サービス調整（伴走支援）'],
    [NPO, '長男への訪問支援'],
    [WELFARE, '世帯全体の調整・家計相談'],
  ];
  for (const [organization, role] of roles) {
    await page.locator('#case-team summary', { hasText: '役割を割り当てる' }).click();
    await page.getByLabel('機関', { exact: true }).selectOption({ label: organization });
    await page.getByLabel('役割', { exact: true }).fill(role);
    await page.getByLabel('合意した会議').selectOption(meeting);
    response = await SubmitAndWait(page, page.getByRole('button', { name: '役割を割り当てる' }));
    assert.equal(response.status(), 303, await Text(page));
    await page.waitForURL(/\?team=1/);
  }
  const team = await Text(page, '#case-team-table');
  for (const [organization, role] of roles) {
    assert.ok(team.includes(organization.replace(/\s+/g, '')), team);
    assert.ok(team.includes(role), team);
  }
  assert.ok(team.includes('栄浜町重層的支援会議'), team);
  assert.deepEqual(UnexpectedProblems(), []);
});

test('the NPO\'s caseworker adds a note and completes its action', async () => {
  const page = npo;
  await SignIn(page, 'demo-npo');
  const response = await page.goto(case_url);
  assert.equal(response.status(), 200);
  await page.locator('#case-notes summary', { hasText: '支援経過を記録する' }).click();
  await page.getByLabel('方法', { exact: true }).selectOption('visit');
  await page.getByLabel('誰についてか').selectOption({ label: SON });
  await page.getByLabel('内容', { exact: true }).fill(NOTE_BY_NPO);
  let submitted = await SubmitAndWait(page, page.getByRole('button', { name: '経過を記録する' }));
  assert.equal(submitted.status(), 303, await Text(page));
  await page.waitForURL(/\?note=1/);
  assert.ok((await Text(page, '#case-note-list')).includes(NOTE_BY_NPO), await Text(page, '#case-note-list'));

  const row = page.locator('tr.plan-action', { hasText: '長男への週1回の訪問' });
  const form = row.locator('form.action-form');
  await form.locator('select[name="status"]').selectOption('done');
  await form.locator('input[name="result"]').fill('4回訪問し、玄関先で話せるようになった。');
  submitted = await SubmitAndWait(page, form.getByRole('button'));
  assert.equal(submitted.status(), 303, await Text(page));
  await page.waitForURL(/\?action=1/);
  const done = (await page.locator('tr.plan-action', { hasText: '長男への週1回の訪問' }).innerText()).replace(/\s+/g, '');
  assert.ok(done.includes('完了'), done);
  assert.deepEqual(UnexpectedProblems(), []);
});

test('a review, then 多機関協働 closes with 地域包括 carrying on', async () => {
  const page = coordinator;
  await page.goto(case_url);
  // The review (モニタリング).
  await page.locator('#case-status summary').click();
  await page.getByLabel('新しい状態').selectOption('monitoring');
  let response = await SubmitAndWait(page, page.getByRole('button', { name: '状態を変更する' }));
  assert.equal(response.status(), 303, await Text(page));
  await page.waitForURL(/\?status=1/);
  assert.equal(await page.locator('#case-overall-status').innerText(), 'モニタリング');
  await page.locator('#case-notes summary', { hasText: '支援経過を記録する' }).click();
  await page.getByLabel('方法', { exact: true }).selectOption('meeting');
  await page.getByLabel('記録の種類').selectOption('assessment');
  await page.getByLabel('内容', { exact: true }).fill('モニタリング。訪問は定着。母の介護は地域包括が継続して担う。');
  response = await SubmitAndWait(page, page.getByRole('button', { name: '経過を記録する' }));
  assert.equal(response.status(), 303);

  // Closing 多機関協働 without a reason is refused beside the field, the choices kept.
  await page.locator('#case-status summary').click();
  await page.getByLabel('対象').selectOption('collaboration');
  await page.getByLabel('新しい状態').selectOption('closed');
  response = await SubmitAndWait(page, page.getByRole('button', { name: '状態を変更する' }));
  assert.equal(response.status(), 400);
  assert.match(await page.locator('#status-reason-error').innerText(), /理由/);
  assert.equal(await page.getByLabel('対象').inputValue(), 'collaboration');
  assert.deepEqual(UnexpectedProblems(400), []);

  await page.getByLabel('理由（終結・中断のとき）').fill('多機関での調整の目的を達した。母の介護と見守りは地域包括が継続する。');
  await page.getByLabel('引き継いで支援を続ける機関（多機関協働の終結のとき）').selectOption({ label: HOUKATSU });
  if (await page.locator('#status-open-actions').count()) {
    await page.locator('#status-open-actions input[value="hand_over"]').check();
    await page.getByLabel('引き継ぐ先（引き継ぐとき）').selectOption({ label: HOUKATSU });
  }
  response = await SubmitAndWait(page, page.getByRole('button', { name: '状態を変更する' }));
  assert.equal(response.status(), 303, await Text(page));
  await page.waitForURL(/\?status=1/);
  const programs = await Text(page, '#case-programs');
  assert.match(programs, /多機関協働:終結/);
  assert.ok(programs.includes(`引き継ぎ:${HOUKATSU}`), programs);
  assert.equal((await page.locator('#case-lead').innerText()).trim(), HOUKATSU);
  await page.screenshot({ path: path.join(screenshotDir, `kasane-case-${backend}.png`), fullPage: true });
  assert.deepEqual(UnexpectedProblems(), []);
});

test('the case record prints on A4 with the genogram; the 経過一覧 lists the notes', async () => {
  const page = coordinator;
  await page.goto(`${case_url}/print`);
  await page.emulateMedia({ media: 'print' });
  try {
    assert.equal(await page.locator('nav.site-nav').isVisible(), false);
    const svg = page.locator('svg.genogram');
    assert.ok(await svg.isVisible());
    assert.ok((await svg.innerHTML()).includes(SON));
    const text = await Text(page);
    assert.ok(text.includes(NOTE_BY_NPO), text);
    assert.ok(text.includes('長男への週1回の訪問'), text);
    const pdf = await page.pdf({ format: 'A4' });
    assert.ok(pdf.length > 1000);
  } finally {
    await page.emulateMedia({ media: 'screen' });
  }
  await page.goto(`${case_url}/notes`);
  const notes = await Text(page, '#notes-table');
  assert.ok(notes.indexOf(NOTE_BY_NPO) < notes.indexOf('モニタリング。'), notes);
  assert.deepEqual(UnexpectedProblems(), []);
});
