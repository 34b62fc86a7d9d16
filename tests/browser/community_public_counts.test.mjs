// SPDX-License-Identifier: Apache-2.0
// Issue 16 (access: 「地域づくりの集計は個人情報を含まず公開できる」) in the browser: with a salon's sessions of May (a
// breakdown with no small cell) and June (a sex breakdown with a 1 in it), the town's caseworker opens 公開用の集計
// from 地域づくり, sees June's sex breakdown withheld, types a month and a 年度 together and gets the error with what
// was typed kept, then writes out 令和6年度 as one HTML file. The file is read in a browser that never signed in: the
// twelve months, May's breakdowns, June's withheld, printable, and nothing personal — no person of the town, no
// staff name, no place and no id.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { OpenApiCheck } from '../api/openapi_check.mjs';
import { request, runScenarioText } from '../api/run.mjs';
import { NewWatchedPage, SignIn, StartKasane, StopKasane, UnexpectedProblems, baseUrl, browser } from './support.mjs';

let staff;
let exportHref;

before(async () => {
  await StartKasane('kasane-browser-community-public-');
  const port = Number(new URL(baseUrl).port);
  const served = await request(port, 'GET', '/api/v1/openapi.json', { Host: `127.0.0.1:${port}` });
  assert.equal(served.status, 200);
  const openapi = new OpenApiCheck(JSON.parse(served.body));
  const text = `### the caseworker signs in\n@as caseworker\nPOST /api/v1/sessions\n\n` +
    `{"username": "demo-caseworker", "password": "kasane-demo"}\n----\n201\n@save csrf csrf_token\n\n` +
    `### a salon\nPOST /api/v1/community/places\nX-CSRF-Token: \${csrf}\n\n` +
    `{"name": "公開テスト ひまわりサロン", "kind": "salon", "project": "care_prevention"}\n----\n201\n@save salon id\n\n` +
    `### May: no small cell\nPOST /api/v1/community/sessions\nX-CSRF-Token: \${csrf}\n\n` +
    `{"place_id": \${salon}, "held_on": "2024-05-09", "participants": 20, "first_time": 3, "organizations": 2, ` +
    `"by_sex": {"male": 8, "female": 12}, "by_age": {"65_74": 9, "75_over": 11}}\n----\n201\n\n` +
    `### June: one man only\nPOST /api/v1/community/sessions\nX-CSRF-Token: \${csrf}\n\n` +
    `{"place_id": \${salon}, "held_on": "2024-06-13", "participants": 9, "organizations": 1, ` +
    `"by_sex": {"male": 1, "female": 8}}\n----\n201\n\n`;
  const seeded = await runScenarioText(text, 'community-public-setup', port, openapi, {});
  assert.equal(seeded.failures, 0, 'setting up the sessions failed');
  staff = await NewWatchedPage('staff');
});

after(StopKasane);

// The form asks with GET: submits it and waits for the page it gives.
async function Show() {
  await Promise.all([
    staff.waitForResponse((r) => r.url().includes('/community/public?') && r.request().resourceType() === 'document'),
    staff.getByRole('button', { name: '表示する' }).click(),
  ]);
  await staff.waitForLoadState('load');
}

test('the caseworker previews the counts; a month and a 年度 together come back with the error', async () => {
  await SignIn(staff, 'demo-caseworker');
  await staff.locator('nav').getByRole('link', { name: '地域づくり' }).click();
  await staff.waitForURL(`${baseUrl}/community`);
  await staff.locator('#public-link').click();
  await staff.locator('#month').fill('2024-06');
  await Show();
  const june = staff.locator('#public-counts tr[data-month="2024-06"]');
  assert.equal(await june.locator('.count-places').innerText(), '1');
  assert.equal(await june.locator('.count-total').innerText(), '9人');
  assert.equal(await june.locator('.by-sex').innerText(), '少数のため非公表');
  assert.equal(await june.locator('.by-age').innerText(), '—');

  await staff.locator('#fiscal_year').fill('令和6年度');
  await Show();
  assert.match(await staff.locator('form#public-form').innerText(), /月と年度はどちらか一方を選んでください/);
  assert.equal(await staff.locator('#month').inputValue(), '2024-06');
  assert.equal(await staff.locator('#fiscal_year').inputValue(), '令和6年度');
  assert.equal(await staff.locator('#public-export').count(), 0);

  await staff.locator('#month').fill('');
  await Show();
  assert.equal(await staff.locator('#public-counts tbody tr').count(), 12);
  assert.match(await staff.locator('#public-preview-title').innerText(), /令和6年度/);
  exportHref = await staff.locator('#public-export').getAttribute('href');
  assert.deepEqual(UnexpectedProblems(400), []);  // the month and 年度 together were a 400
});

test('the 年度 is written out and read with no sign-in: the figures only, a small breakdown withheld', async () => {
  const response = await staff.request.get(new URL(exportHref, baseUrl).href);
  assert.equal(response.status(), 200);
  assert.match(response.headers()['content-disposition'] ?? '', /attachment; filename="community-counts-fy2024\.html"/);
  const publicHtml = await response.text();
  // Nothing personal and nothing of a record: no person of the demo town, no staff name, no place, no id.
  const persons = [];
  for (const query of ['山田', '髙橋']) {
    const found = await (await staff.request.get(`${baseUrl}/api/v1/persons?q=${encodeURIComponent(query)}`)).json();
    persons.push(...(found.items ?? []));
  }
  assert.ok(persons.length > 0, 'the demo town has persons to look for');
  for (const person of persons) {
    const data = person.data ?? person;
    const name = `${data.family_name ?? ''}${data.given_name ?? ''}`;
    if (name.length >= 2) assert.equal(publicHtml.includes(name), false, `person ${name} on the public page`);
  }
  const me = await (await staff.request.get(`${baseUrl}/api/v1/me`)).json();
  const displayName = me.user?.display_name ?? me.display_name;
  assert.ok(displayName, 'the staff member has a name to look for');
  assert.equal(publicHtml.includes(displayName), false, 'the staff member on the public page');
  assert.equal(publicHtml.includes('demo-caseworker'), false);
  assert.equal(publicHtml.includes('ひまわりサロン'), false, 'a place on the public counts');
  assert.equal(/\/community\/|csrf|data-place=/.test(publicHtml), false);

  // A browser that never signed in, on a phone.
  const context = await browser.newContext({ locale: 'ja-JP', viewport: { width: 375, height: 740 } });
  const visitor = await context.newPage();
  await visitor.setContent(publicHtml);
  assert.match(await visitor.locator('#public-title').innerText(), /地域づくりの集計（令和6年度）/);
  assert.equal(await visitor.locator('#public-counts tbody tr').count(), 12);
  const may = visitor.locator('#public-counts tr[data-month="2024-05"]');
  assert.equal(await may.locator('.count-places').innerText(), '1');
  assert.equal(await may.locator('.count-real').innerText(), '20人');
  assert.equal(await may.locator('.count-organizations').innerText(), '2');
  assert.match(await may.locator('.by-sex').innerText(), /男性 8人\s+女性 12人\s+その他・不明 0人/);
  assert.match(await may.locator('.by-age').innerText(), /65〜74歳 9人\s+75歳以上 11人/);
  const june = visitor.locator('#public-counts tr[data-month="2024-06"]');
  assert.equal(await june.locator('.by-sex').innerText(), '少数のため非公表');
  assert.doesNotMatch(await june.innerText(), /男性 1人/);
  assert.equal(await visitor.locator('#public-counts tr[data-month="2024-04"] .count-places').innerText(), '0');
  // Printable: the table prints, the button does not.
  await visitor.emulateMedia({ media: 'print' });
  assert.equal(await visitor.locator('#print').isVisible(), false);
  assert.equal(await visitor.locator('#public-counts').isVisible(), true);
  await context.close();
  assert.deepEqual(UnexpectedProblems(), []);
});
