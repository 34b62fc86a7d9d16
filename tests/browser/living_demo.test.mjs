// SPDX-License-Identifier: Apache-2.0
// Issue 14, item 5: the living demo of `make run` (`kasane demo --living`, `serve --load-demo --living-demo`): a
// town modelled on 北栄町 — 63 自治会 counting about 5,500 households, four 社会福祉法人 and the 社協, a 地域包括 and
// NPOs, about 15,000 persons — whose year of work ends today, so that the pages a newcomer opens have content:
// the desk, the 受付簿 of the last twelve months, this 年度's report, the cases and the meetings of both bodies, and
// the 全戸訪問 (世帯訪問調査) of every 自治会 with the five 法人.
//
// Run: KASANE_BIN=build/release/src/app/kasane node --test tests/browser/living_demo.test.mjs

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import {
  JapanDate,
  NewWatchedPage,
  ReportTotals,
  SignIn,
  StartKasane,
  StopKasane,
  UnexpectedProblems,
  baseUrl,
  screenshotDir,
} from './support.mjs';

before(() => StartKasane('kasane-living-', { demoArguments: ['--living'] }));
after(StopKasane);

test('the administrator finds the 63 自治会 with their households and the five 法人', async () => {
  const page = await NewWatchedPage('admin');
  await SignIn(page, 'demo-town-admin');
  await page.goto(`${baseUrl}/admin/areas`);
  const heading = await page.locator('#areas-neighborhood').innerText();
  const match = heading.match(/（(\d+)件、世帯数 計([\d,]+)）/);
  assert.ok(match, heading);
  assert.equal(Number(match[1]), 63, heading);
  const households = Number(match[2].replaceAll(',', ''));
  assert.ok(households >= 5_000 && households <= 6_000, `about 5,500 households: ${heading}`);

  await page.goto(`${baseUrl}/admin/organizations`);
  const organizations = await page.locator('#organizations').innerText();
  const kinds = await page.locator('#organizations tbody tr td:nth-child(2)').allInnerTexts();
  assert.equal(kinds.filter((kind) => kind.trim() === '社会福祉法人').length, 4, organizations);
  assert.match(organizations, /社会福祉協議会/);
  assert.match(organizations, /地域包括支援センター/);
  assert.match(organizations, /NPO法人/);
  assert.deepEqual(UnexpectedProblems(), []);
  await page.context().close();
});

test('the caseworker’s desk, 受付簿, report, cases and meetings have this year’s work', async () => {
  const page = await NewWatchedPage('caseworker');
  await SignIn(page, 'demo-caseworker');
  const counts = {};
  for (const line of await page.locator('#home-desk-lines [data-desk-count]').all()) {
    counts[await line.getAttribute('data-desk-count')] = Number((await line.innerText()).trim());
  }
  assert.ok(counts.consultations > 0, `open consultations of my own on the desk: ${JSON.stringify(counts)}`);
  await page.screenshot({ path: path.join(screenshotDir, 'kasane-living-home.png'), fullPage: true });

  await page.goto(`${baseUrl}/consultations?from=${JapanDate(-365)}&to=${JapanDate(0)}`);
  assert.equal(await page.locator('#book-empty').count(), 0);
  assert.equal(await page.locator('#book tbody tr').count(), 50, 'a full first page of the last twelve months');
  assert.equal(await page.locator('a[rel="next"]').count(), 1);
  // The newest consultation is from the last fortnight: the year ends today, not in a fixed past.
  await page.goto(`${baseUrl}/consultations?from=${JapanDate(-14)}&to=${JapanDate(0)}`);
  assert.ok(await page.locator('#book tbody tr').count() > 0, 'consultations in the last two weeks');

  const totals = await ReportTotals(page);
  assert.ok(totals.persons > 100 && totals.contacts > totals.persons, `this 年度: ${JSON.stringify(totals)}`);

  await page.goto(`${baseUrl}/cases`);
  assert.ok(await page.locator('table tbody tr').count() > 0, 'cases of 多機関協働');

  // The 支援会議 held monthly and the 重層的支援会議 of the cases, in the last twelve months.
  await page.goto(`${baseUrl}/meetings`);
  const since = JapanDate(-365);
  const bodies = new Set();
  for (const row of await page.locator('#meetings tbody tr').all()) {
    if ((await row.locator('time').getAttribute('datetime')) >= since) bodies.add((await row.locator('td').first().innerText()).trim());
  }
  assert.ok(bodies.has('栄浜町支援会議') && bodies.has('栄浜町重層的支援会議'), [...bodies].join(', '));
  assert.deepEqual(UnexpectedProblems(), []);
  await page.context().close();
});

test('the town’s 全戸訪問 runs over every 自治会 with its five 法人, about half visited', async () => {
  const page = await NewWatchedPage('survey');
  await SignIn(page, 'demo-caseworker');
  await page.goto(`${baseUrl}/surveys`);
  await page.getByRole('link', { name: /全戸訪問/ }).first().click();
  await page.locator('#survey-areas').waitFor();
  assert.equal(await page.locator('#survey-areas tbody tr').count(), 63);
  const bodies = await page.locator('#survey-bodies tbody tr').allInnerTexts();
  assert.equal(bodies.length, 5, bodies.join('\n'));
  assert.equal(bodies.filter((row) => /社会福祉法人/.test(row)).length, 4, bodies.join('\n'));
  assert.equal(bodies.filter((row) => /社会福祉協議会/.test(row)).length, 1, bodies.join('\n'));
  let visited = 0;
  let households = 0;
  for (const cell of await page.locator('#survey-bodies tbody tr td.progress').allInnerTexts()) {
    const [done, all] = cell.split('/').map((n) => Number(n.trim()));
    visited += done;
    households += all;
  }
  assert.ok(households >= 5_000 && households <= 6_000, `about 5,500 households: ${households}`);
  assert.ok(visited > households / 4 && visited < households * 3 / 4, `about half visited: ${visited} of ${households}`);
  assert.deepEqual(UnexpectedProblems(), []);
  await page.context().close();
});
