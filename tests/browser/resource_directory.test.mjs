// SPDX-License-Identifier: Apache-2.0
// Issue 16, items 1 and 2 in the browser: the town's caseworker adds a farm as a 協力事業者 and a 居場所 hosted by
// the 社協 through the pages (a bad time comes back with the error and what was typed), finds them by area, kind
// and day, edits one; then writes out the public directory, which is opened with no sign-in at all (a fresh browser
// context, as on the public web server): it is searchable by area, kind and day, printable, mobile first, and holds
// nothing personal — no person of the town, no staff name, no id.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { NewWatchedPage, SignIn, StartKasane, StopKasane, SubmitAndWait, UnexpectedProblems, baseUrl, browser } from './support.mjs';

let staff;
let publicHtml;

before(async () => {
  await StartKasane('kasane-browser-resource-directory-');
  staff = await NewWatchedPage('staff');
});

after(StopKasane);

async function AddOrganization(name, sector, cooperating) {
  await staff.goto(`${baseUrl}/resource-directory`);
  await staff.locator('#new-organization').click();
  await staff.locator('#name').fill(name);
  await staff.locator('#sector').selectOption(sector);
  if (cooperating) await staff.locator('#cooperating').check();
  await SubmitAndWait(staff, staff.getByRole('button', { name: '保存する' }));
  assert.equal(new URL(staff.url()).pathname, '/resource-directory');
}

test('the caseworker adds a 協力事業者 and two services through the pages', async () => {
  await SignIn(staff, 'demo-caseworker');
  await staff.locator('nav').getByRole('link', { name: '資源台帳' }).click();
  await staff.waitForURL(`${baseUrl}/resource-directory`);
  await AddOrganization('みどり農園', 'farm', true);
  await AddOrganization('社会福祉協議会 地域福祉係', 'welfare_facility', false);
  assert.equal(await staff.locator('#cooperating-count').innerText(), '1');

  await staff.locator('#new-service').click();
  await staff.locator('#organization_id').selectOption({ label: 'みどり農園' });
  await staff.locator('#name').fill('農作業体験');
  await staff.locator('#kind_farm_experience').check();
  await staff.locator('#kind_work_experience').check();
  await staff.locator('#areas_served').fill('東浜自治会、西浜自治会');
  await staff.locator('#day_TU').check();
  await staff.locator('#day_FR').check();
  await staff.locator('#opens_at').fill('25:00');
  await staff.locator('#closes_at').fill('12:00');
  await staff.locator('#capacity').fill('2');
  // A bad time comes back with the error next to it and what was typed kept.
  await SubmitAndWait(staff, staff.getByRole('button', { name: '保存する' }));
  assert.match(await staff.locator('form#service-form').innerText(), /開始時刻は 10:00 のように入力してください/);
  assert.equal(await staff.locator('#name').inputValue(), '農作業体験');
  assert.equal(await staff.locator('#kind_farm_experience').isChecked(), true);
  assert.equal(await staff.locator('#areas_served').inputValue(), '東浜自治会、西浜自治会');
  await staff.locator('#opens_at').fill('09:00');
  await SubmitAndWait(staff, staff.getByRole('button', { name: '保存する' }));
  assert.equal(await staff.locator('#resource-saved').count(), 1);

  await staff.goto(`${baseUrl}/resource-directory/services/new`);
  await staff.locator('#organization_id').selectOption({ label: '社会福祉協議会 地域福祉係' });
  await staff.locator('#name').fill('ひだまり居場所');
  await staff.locator('#kind_ibasho').check();
  await staff.locator('#areas_served').fill('東浜自治会');
  await staff.locator('#day_TH').check();
  await staff.locator('#opens_at').fill('13:00');
  await staff.locator('#closes_at').fill('16:00');
  await staff.locator('#location_name').fill('東浜公民館');
  await staff.locator('#contact_name').fill('社協 地域福祉係');
  await SubmitAndWait(staff, staff.getByRole('button', { name: '保存する' }));
  assert.match(await staff.locator('#resource-list').innerText(), /ひだまり居場所/);
  assert.deepEqual(UnexpectedProblems(400), []);  // the bad time's answer was a 400
});

test('found by area, kind and day; edited in place', async () => {
  await staff.goto(`${baseUrl}/resource-directory`);
  await staff.locator('#area').selectOption('西浜自治会');
  await Promise.all([staff.waitForURL(/area=/), staff.getByRole('button', { name: '探す' }).click()]);
  assert.equal(await staff.locator('#resource-list tbody tr').count(), 1);
  assert.match(await staff.locator('#resource-list').innerText(), /農作業体験/);
  await staff.goto(`${baseUrl}/resource-directory?kind=ibasho&day=TH`);
  assert.equal(await staff.locator('#resource-list tbody tr').count(), 1);
  await staff.goto(`${baseUrl}/resource-directory?day=MO`);
  assert.equal(await staff.locator('#resource-list tbody tr').count(), 0);

  await staff.goto(`${baseUrl}/resource-directory?kind=farm_experience`);
  await staff.locator('#resource-list').getByRole('link', { name: '直す' }).click();
  assert.equal(await staff.locator('#capacity').inputValue(), '2');
  await staff.locator('#capacity').fill('3');
  await SubmitAndWait(staff, staff.getByRole('button', { name: '保存する' }));
  assert.match(await staff.locator('#resource-list').innerText(), /3人/);
  assert.deepEqual(UnexpectedProblems(), []);
});

test('the public directory is written out and read with no sign-in, nothing personal on it', async () => {
  const response = await staff.request.get(`${baseUrl}/resource-directory/public.html`);
  assert.equal(response.status(), 200);
  publicHtml = await response.text();
  // Nothing personal: no person of the demo town, no staff name, no Kasane id.
  const persons = [];
  for (const query of ['山田', '髙橋']) {
    const found = await (await staff.request.get(`${baseUrl}/api/v1/persons?q=${encodeURIComponent(query)}`)).json();
    persons.push(...(found.items ?? []));
  }
  assert.ok(persons.length > 0, 'the demo town has persons to look for');
  let checked = 0;
  for (const person of persons) {
    const data = person.data ?? person;
    for (const name of [data.family_name, `${data.family_name ?? ''}${data.given_name ?? ''}`]) {
      if (!name || name.length < 2) continue;
      assert.equal(publicHtml.includes(name), false, `person ${name} on the public page`);
      checked++;
    }
  }
  assert.ok(checked > 0, 'no person name was checked');
  const me = await (await staff.request.get(`${baseUrl}/api/v1/me`)).json();
  const displayName = me.user?.display_name ?? me.display_name;
  if (displayName) assert.equal(publicHtml.includes(displayName), false, 'the staff member on the public page');
  assert.equal(/data-service=|\/resource-directory\/services\//.test(publicHtml), false);

  // A browser that never signed in, on a phone.
  const context = await browser.newContext({ locale: 'ja-JP', viewport: { width: 375, height: 740 } });
  const visitor = await context.newPage();
  await visitor.setContent(publicHtml);
  assert.equal(await visitor.locator('#public-list li.service').count(), 2);
  assert.equal(await visitor.locator('#public-count').innerText(), '2件');
  await visitor.locator('#kind').selectOption('ibasho');
  assert.equal(await visitor.locator('#public-count').innerText(), '1件');
  assert.match(await visitor.locator('#public-list li.service:not([hidden])').innerText(), /ひだまり居場所[\s\S]*木曜 13:00〜16:00[\s\S]*東浜公民館/);
  await visitor.locator('#kind').selectOption('');
  await visitor.locator('#day').selectOption('FR');
  assert.equal(await visitor.locator('#public-count').innerText(), '1件');
  await visitor.locator('#day').selectOption('');
  await visitor.locator('#area').selectOption('西浜自治会');
  assert.match(await visitor.locator('#public-list li.service:not([hidden])').innerText(), /農作業体験/);
  // Mobile first: nothing wider than the phone's screen.
  const width = await visitor.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 375, `the page is ${width}px wide on a 375px screen`);
  // Printable: every service prints, the search form does not.
  await visitor.emulateMedia({ media: 'print' });
  assert.equal(await visitor.locator('#public-search').isVisible(), false);
  assert.equal(await visitor.locator('#public-list li.service:visible').count(), 2);
  await context.close();
});
