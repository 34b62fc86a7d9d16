// SPDX-License-Identifier: Apache-2.0
// Issue 13, items 5 and 6: the home page is the worker's desk and the person page has one timeline.
// demo-caseworker takes a call at 相談受付, sets the next contact to today and records a consent expiring soon; the
// coordinator convenes the 支援会議 today with the person on the agenda. The caseworker's home shows each count
// (open consultations equal to the rows of 「自分の対応中」 in the 受付簿, one due for contact, a meeting this week,
// a consent about to expire) and every link of the desk opens; the person page's timeline lists the meeting, the
// consent and the consultation, newest first, in 和暦, and each entry opens. demo-volunteer (民生委員) sees only
// their own consultations and the meetings they attended, and their links open too; the auditor sees no desk.
//
//   KASANE_BIN, KASANE_TEST_DB_URL, KASANE_SCREENSHOT_DIR as in journey.test.mjs.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import {
  Csrf, JapanDate, NewWatchedPage, RecordIntake, SignIn, StartKasane, StopKasane, SubmitAndWait, UnexpectedProblems,
  backend, baseUrl, screenshotDir,
} from './support.mjs';

let page;
let person_url;
let consultation_url;

before(async () => {
  await StartKasane('kasane-desk-');
  page = await NewWatchedPage('caseworker');
});

after(StopKasane);

// The counts of the home page's desk, by part: { consultations: 1, meetings: 0, ... }.
async function DeskCounts(on) {
  const counts = {};
  for (const line of await on.locator('#home-desk-lines [data-desk-count]').all()) {
    counts[await line.getAttribute('data-desk-count')] = Number((await line.innerText()).trim());
  }
  return counts;
}

// Opens every link of `selector` on the current page (each must answer 200), and comes back.
async function EveryLinkOpens(on, selector) {
  const back = on.url();
  const hrefs = new Set();  // each page once, without its fragment (a fragment alone is no navigation)
  for (const link of await on.locator(`${selector} a[href^="/"]`).all()) {
    hrefs.add((await link.getAttribute('href')).replace(/#.*$/, ''));
  }
  assert.ok(hrefs.size > 0, `no link in ${selector}`);
  for (const href of hrefs) {
    const response = await on.goto(`${baseUrl}${href}`);
    assert.ok(response, href);
    assert.equal(response.status(), 200, href);
  }
  await on.goto(back);
  return hrefs;
}

test('the caseworker takes a call and sets the next contact to today', async () => {
  await SignIn(page, 'demo-caseworker');
  let response = await RecordIntake(page, {
    family_name: '机上', given_name: '次郎', family_name_kana: 'キジョウ', given_name_kana: 'ジロウ', channel: 'phone',
    chief_complaint: '母の介護と仕事の両立が難しい。', summary: '本人から電話。介護の状況を聞き取った。',
  });
  assert.equal(response.status(), 303);
  await page.waitForURL(/\/persons\/\d+\?recorded=\d+$/);
  person_url = page.url().replace(/\?.*$/, '');
  await Promise.all([page.waitForURL(/\/consultations\/\d+$/), page.locator('#open-recorded-consultation').click()]);
  consultation_url = page.url();
  const today = await page.locator('#next_contact_on').getAttribute('min');
  await page.getByLabel('次回連絡予定日（空にすると予定なし）').fill(today);
  response = await SubmitAndWait(page, page.getByRole('button', { name: '次回連絡予定を記録する' }));
  assert.equal(response.status(), 303);
});

test('a consent expiring soon, and the 支援会議 convened today with the person on its agenda', async () => {
  const person_id = Number(person_url.replace(/.*\/persons\//, ''));
  await page.goto(person_url);
  const organizations = await (await page.request.get(`${baseUrl}/api/v1/organizations`)).json();
  const welfare = organizations.items.find((item) => item.name === '福祉課');
  const today = JapanDate(0);
  const tomorrow = JapanDate(1);
  let response = await page.request.post(`${baseUrl}/api/v1/persons/${person_id}/consents`, {
    headers: { 'X-CSRF-Token': await Csrf(page) },
    data: { organizations: [welfare.id], purpose: '介護と就労の支援のための情報共有', given_on: today,
            method: 'written', explanation_version: '説明文書 v2', expires_on: tomorrow },
  });
  assert.equal(response.status(), 201, await response.text());

  const coordinator = await NewWatchedPage('coordinator');
  await SignIn(coordinator, 'demo-coordinator');
  const bodies = await (await coordinator.request.get(`${baseUrl}/api/v1/meeting-bodies`)).json();
  const body = bodies.items.find((item) => item.legal_basis === 'article_106_6');
  response = await coordinator.request.post(`${baseUrl}/api/v1/meetings`, {
    headers: { 'X-CSRF-Token': await Csrf(coordinator) },
    data: { body_id: body.id, held_on: today,
            agenda: [{ person_id, shared_summary: '介護と仕事の両立。地域包括と役割を検討。' }] },
  });
  assert.equal(response.status(), 201, await response.text());
  await coordinator.context().close();
});

test('the caseworker\'s desk: each count is what its list shows, and every link opens', async () => {
  await page.goto(`${baseUrl}/`);
  assert.ok(await page.locator('#home-desk').isVisible());
  const counts = await DeskCounts(page);
  for (const part of ['consultations', 'referrals_in', 'referrals_out', 'reviews', 'meetings', 'consents']) {
    assert.ok(part in counts, `${part} is on a caseworker's desk: ${JSON.stringify(counts)}`);
  }
  assert.ok(counts.meetings >= 1, JSON.stringify(counts));
  assert.ok(counts.consents >= 1, JSON.stringify(counts));
  assert.match(await page.locator('[data-desk="consultations"]').innerText(), /うち次回連絡予定が今日まで [1-9]\d*件/);
  await page.screenshot({ path: path.join(screenshotDir, `kasane-desk-${backend}.png`), fullPage: true });

  // 「対応中の私の相談」 opens the 受付簿 on 自分の対応中, with as many rows as the count.
  await Promise.all([page.waitForURL(/\/consultations\?preset=mine$/), page.locator('#home-desk-consultations').click()]);
  const rows = await page.locator('#book tbody tr').count();
  assert.equal(rows, counts.consultations);
  assert.equal(await page.locator(`#book a[href="${consultation_url.replace(baseUrl, '')}"]`).count(), 1);

  // Each line of the home page, and each entry of /desk, opens.
  await page.goto(`${baseUrl}/`);
  await EveryLinkOpens(page, '#home-desk');
  await page.goto(`${baseUrl}/desk`);
  assert.equal(await page.locator('section:has(#desk-consents) li').count(), counts.consents);
  assert.equal(await page.locator('section:has(#desk-meetings) li').count(), counts.meetings);
  await EveryLinkOpens(page, 'main');
  assert.deepEqual(UnexpectedProblems(400), []);
});

test('the person page: cases, meetings and one timeline, newest first, in 和暦, each entry opening', async () => {
  await page.goto(person_url);
  const timeline = page.locator('#person-timeline-list');
  assert.ok(await timeline.isVisible());
  const kinds = await timeline.locator('li').evaluateAll((items) => items.map((item) => item.dataset.kind));
  for (const kind of ['meeting', 'consent_given', 'consultation']) assert.ok(kinds.includes(kind), kinds.join(','));
  assert.match(await timeline.innerText(), /令和\d+年\d+月\d+日/);
  // Newest first: a day without a time counts from the start of that day in Japan.
  const datetimes = await timeline.locator('time').evaluateAll((times) => times.map((time) => time.dateTime));
  const instant = (text) => Date.parse(text.length === 10 ? `${text}T00:00:00+09:00` : text);
  for (let i = 1; i < datetimes.length; i++) {
    assert.ok(instant(datetimes[i - 1]) >= instant(datetimes[i]), `${datetimes[i - 1]} listed before ${datetimes[i]}`);
  }
  assert.ok((await page.locator('section:has(#person-meetings) a[href^="/meetings/"]').count()) >= 1);
  assert.equal(await page.locator('#person-timeline-incomplete').count(), 0);
  await EveryLinkOpens(page, '#person-timeline-list');
  await page.screenshot({ path: path.join(screenshotDir, `kasane-person-timeline-${backend}.png`), fullPage: true });
  assert.deepEqual(UnexpectedProblems(400), []);
});

test('the 民生委員: only their own consultations and the meetings they attended; every link opens', async () => {
  const volunteer = await NewWatchedPage('volunteer');
  await SignIn(volunteer, 'demo-volunteer');
  assert.ok(await volunteer.locator('#home-desk').isVisible());
  const counts = await DeskCounts(volunteer);
  assert.deepEqual(Object.keys(counts).sort(), ['consultations', 'meetings']);
  assert.equal(counts.meetings, 0);  // they attended none
  await Promise.all([volunteer.waitForURL(/\/consultations\?preset=mine$/),
                     volunteer.locator('#home-desk-consultations').click()]);
  assert.equal(await volunteer.locator('#book tbody tr').count(), counts.consultations);
  await volunteer.goto(`${baseUrl}/`);
  await EveryLinkOpens(volunteer, '#home-desk');
  // The person is not theirs: no page, no timeline.
  const refused = await volunteer.goto(person_url);
  assert.equal(refused.status(), 404);
  assert.deepEqual(UnexpectedProblems(404), []);
  await volunteer.context().close();
});

test('the auditor has no desk', async () => {
  const auditor = await NewWatchedPage('auditor');
  await SignIn(auditor, 'demo-auditor');
  assert.equal(await auditor.locator('#home-desk').count(), 0);
  const response = await auditor.goto(`${baseUrl}/desk`);
  assert.equal(response.status(), 200);
  assert.ok(await auditor.locator('#desk-none').isVisible());
  assert.deepEqual(UnexpectedProblems(400), []);
  await auditor.context().close();
});
