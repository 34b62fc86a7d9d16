// SPDX-License-Identifier: Apache-2.0
// Issue 15, item 5 in the browser: a visit entered without a network. Kasane is served over HTTPS (a Node reverse
// proxy with a certificate made now by openssl, as nginx does in docs/deployment.md) from https://kasane.test, not
// localhost, so the service worker runs in a real secure context. The 地域包括 visitor saves 東浜's visit list on
// the device under a 合言葉 (IndexedDB holds no household in clear), the network is cut (Chromium's offline mode),
// the page opens from the service worker, she records a new visit and corrects an earlier one; a send while
// offline keeps both; meanwhile the town's caseworker corrects the same visit's 気づき. Back online, the new visit
// arrives intact, the correction is shown as a conflict with both values, she keeps hers, and it is stored with a
// new version. Sign-out wipes the device; so does the passing of the set hours (the page clock moved past them).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { JapanDate, StartKasane, StopKasane, baseUrl, browser } from './support.mjs';

let proxy;
let origin;
let certificateDirectory;
let context;
let page;
const problems = [];
const ids = {};

// --- the API, straight to Kasane (plain HTTP), for the set-up and the checks --------------------------------------
async function Session(username) {
  const response = await fetch(`${baseUrl}/api/v1/sessions`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: 'kasane-demo' }),
  });
  assert.equal(response.status, 201, `sign-in of ${username}`);
  const cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrf_token: csrf } = await response.json();
  return async (method, target, body) => {
    const answer = await fetch(`${baseUrl}${target}`, {
      method, headers: { Cookie: cookie, 'X-CSRF-Token': csrf, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await answer.text();
    return { status: answer.status, body: text ? JSON.parse(text) : null };
  };
}

function StartProxy(target) {
  certificateDirectory = mkdtempSync(path.join(tmpdir(), 'kasane-offline-tls-'));
  const key = path.join(certificateDirectory, 'key.pem');
  const certificate = path.join(certificateDirectory, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', certificate,
                           '-days', '1', '-subj', '/CN=kasane.test', '-addext', 'subjectAltName=DNS:kasane.test'],
               { stdio: 'ignore' });
  const upstream = new URL(target);
  const server = https.createServer({ key: readFileSync(key), cert: readFileSync(certificate) }, (request, response) => {
    const forwarded = http.request({
      host: upstream.hostname, port: upstream.port, method: request.method, path: request.url,
      headers: { ...request.headers, 'x-forwarded-proto': 'https' },
    }, (answer) => {
      response.writeHead(answer.statusCode, answer.headers);
      answer.pipe(response);
    });
    forwarded.on('error', () => { response.writeHead(502); response.end(); });
    request.pipe(forwarded);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

before(async () => {
  await StartKasane('kasane-browser-offline-visit-', {
    serveArguments: ['--trust-proxy'],
    browserArguments: ['--host-resolver-rules=MAP kasane.test 127.0.0.1', '--ignore-certificate-errors'],
  });
  proxy = await StartProxy(baseUrl);
  origin = `https://kasane.test:${proxy.address().port}`;
  context = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1280, height: 900 }, ignoreHTTPSErrors: true });
  page = await context.newPage();
  page.on('console', (message) => { if (message.type() === 'error') problems.push(`console: ${message.text()}`); });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
});

after(async () => {
  await context?.close();
  await new Promise((resolve) => (proxy ? proxy.close(resolve) : resolve()));
  if (certificateDirectory) rmSync(certificateDirectory, { recursive: true, force: true });
  await StopKasane();
});

// The raw records of IndexedDB, as a copied profile would hold them.
async function RawDeviceRecords() {
  return page.evaluate(() => new Promise((resolve) => {
    const open = indexedDB.open('kasane-survey-offline', 1);
    open.onupgradeneeded = () => open.result.createObjectStore('kept');
    open.onsuccess = () => {
      const request = open.result.transaction('kept').objectStore('kept').getAll();
      request.onsuccess = () => {
        open.result.close();
        resolve(request.result.map((record) => JSON.stringify({ ...record, data: new TextDecoder().decode(record.data) })));
      };
    };
  }));
}

test('the town sets up 東浜 for 地域包括, who visits one household online', async () => {
  const staff = await Session('demo-caseworker');
  const organizations = (await staff('GET', '/api/v1/organizations')).body.items;
  const areas = (await staff('GET', '/api/v1/areas')).body.items;
  ids.houkatsu = organizations.find((o) => o.name === '栄浜町地域包括支援センター').id;
  ids.east = areas.find((a) => a.name === '東浜自治会').id;
  const campaign = await staff('POST', '/api/v1/survey-campaigns',
                               { name: '山あいの全戸訪問', purpose: '電波の届かない地区も', starts_on: JapanDate(-30), ends_on: JapanDate(30) });
  assert.equal(campaign.status, 201);
  ids.campaign = campaign.body.id;
  assert.equal((await staff('POST', `/api/v1/survey-campaigns/${ids.campaign}/assignments`,
                            { area_id: ids.east, organization_id: ids.houkatsu })).status, 204);
  for (const [address, head] of [['東浜9-1', '山間 一子'], ['東浜9-2', '谷口 二郎']]) {
    const added = await staff('POST', `/api/v1/survey-campaigns/${ids.campaign}/households`,
                              { area_id: ids.east, address, head_name: head });
    assert.equal(added.status, 201);
    ids[head] = added.body.id;
  }
  const visitor = await Session('demo-houkatsu');
  const visit = await visitor('POST', `/api/v1/survey-campaigns/${ids.campaign}/visits`,
                              { household_id: ids['山間 一子'], area_id: ids.east, visited_on: JapanDate(-2),
                                visitors: '包括 さとし', outcome: 'absent' });
  assert.equal(visit.status, 201);
  ids.visit = visit.body.id;
  ids.staff = staff;
  ids.visitor = visitor;
});

test('she saves the visit list on the device over HTTPS, encrypted under her 合言葉', async () => {
  await page.goto(`${origin}/signin`);
  assert.equal(await page.evaluate(() => window.isSecureContext), true);
  await page.getByLabel('ユーザー名').fill('demo-houkatsu');
  await page.getByLabel('パスワード').fill('kasane-demo');
  await Promise.all([page.waitForURL(`${origin}/`), page.getByRole('button', { name: 'サインイン' }).click()]);
  await page.goto(`${origin}/surveys/${ids.campaign}/areas/${ids.east}/offline`);
  assert.equal(await page.locator('link[rel="manifest"]').getAttribute('href'), '/surveys/offline.webmanifest');
  await page.getByLabel('合言葉（8文字以上）').fill('yamaai-2024');
  await page.getByLabel('合言葉（確認）').fill('yamaai-2024');
  await page.getByRole('button', { name: 'この自治会を端末に保存' }).click();
  await page.locator('#offline-status', { hasText: '端末に保存しました（2 世帯）' }).waitFor();
  await page.evaluate(() => navigator.serviceWorker.ready);
  const records = await RawDeviceRecords();
  assert.equal(records.length, 1);
  for (const clear of ['山間', '谷口', '東浜9-1', 'yamaai']) assert.ok(!records[0].includes(clear), `${clear} kept in clear`);
});

test('with the network cut, the page opens from the device and two visits wait there', async () => {
  await context.setOffline(true);
  await page.reload();
  await page.getByLabel('合言葉', { exact: true }).fill('wrong-secret');
  await page.getByRole('button', { name: '開く' }).click();
  await page.locator('#offline-unlock-error', { hasText: '合言葉が違います' }).waitFor();
  await page.getByLabel('合言葉', { exact: true }).fill('yamaai-2024');
  await page.getByRole('button', { name: '開く' }).click();
  await page.locator('#offline-households tbody tr').first().waitFor();
  assert.equal(await page.locator('#offline-households tbody tr').count(), 2);

  const second = page.locator(`#offline-households tr[data-household="${ids['谷口 二郎']}"]`);
  await second.getByRole('button', { name: '訪問を記録' }).click();
  await page.getByLabel('訪問日').fill(JapanDate(-1));
  await page.getByLabel('訪問した人').fill('包括 さとし');
  await page.getByLabel('結果').selectOption('met');
  await page.locator('#offline-item-trouble_health').fill('膝が痛く通院が大変');
  await page.getByLabel('気づき').fill('電波の届かない谷で、ひとり暮らし');
  await page.getByRole('button', { name: '端末に記録' }).click();
  await page.locator('#offline-pending', { hasText: '1' }).waitFor();

  const first = page.locator(`#offline-households tr[data-household="${ids['山間 一子']}"]`);
  await first.getByRole('button', { name: 'この訪問を直す' }).click();
  await page.getByLabel('結果').selectOption('met');
  await page.getByLabel('気づき').fill('畑で会えた。昼は畑にいる');
  await page.getByRole('button', { name: '端末に記録' }).click();
  await page.locator('#offline-pending', { hasText: '2' }).waitFor();

  await page.getByRole('button', { name: '送信する' }).click();
  await page.locator('#offline-sync-result', { hasText: '記録は端末に残っています' }).waitFor();
  assert.equal(await page.locator('#offline-pending').innerText(), '2');
});

test('back online: the new visit arrives intact, the conflict is shown with both values and resolved', async () => {
  // Meanwhile the caseworker corrected the same visit's 気づき (version 1 → 2).
  const corrected = await ids.staff('POST', `/api/v1/survey-campaigns/${ids.campaign}/offline-sync`, {
    visits: [{ idempotency_key: '0b0e7c1a-5d1f-4e55-9f00-00000000c0de', visit_id: ids.visit, base_version: 1,
               base: { visited_on: JapanDate(-2), visitors: '包括 さとし', outcome: 'absent', notice: '' },
               household_id: ids['山間 一子'], area_id: ids.east, visited_on: JapanDate(-2), visitors: '包括 さとし',
               outcome: 'absent', notice: '民生委員から: 昼は畑にいる' }],
  });
  assert.equal(corrected.body.results[0].status, 'recorded');

  await context.setOffline(false);
  await page.getByRole('button', { name: '送信する' }).click();
  await page.locator('#offline-sync-result', { hasText: '送信済み 1 件、食い違い 1 件' }).waitFor();
  const conflict = page.locator('.offline-conflict');
  const text = await conflict.innerText();
  assert.match(text, /サーバーの値: 民生委員から: 昼は畑にいる/);
  assert.match(text, /この端末の値: 畑で会えた。昼は畑にいる/);
  assert.doesNotMatch(text, /結果/);  // the outcome only she changed: no conflict, her value is taken
  assert.equal(await page.locator('#offline-pending').innerText(), '1');

  await conflict.getByLabel('この端末の値: 畑で会えた。昼は畑にいる').check();
  await conflict.getByRole('button', { name: 'この内容で送る' }).click();
  await page.locator('#offline-sync-result', { hasText: '送信済み 1 件' }).waitFor();
  await page.locator('#offline-pending', { hasText: '0' }).waitFor();

  const visit = await ids.visitor('GET', `/api/v1/survey-visits/${ids.visit}`);
  assert.equal(visit.body.version, 3);
  assert.equal(visit.body.outcome, 'met');
  assert.equal(visit.body.notice, '畑で会えた。昼は畑にいる');
  const list = await ids.visitor('GET', `/api/v1/survey-campaigns/${ids.campaign}/households?area=${ids.east}`);
  const arrived = list.body.households.find((h) => h.id === ids['谷口 二郎']).visits;
  assert.equal(arrived.length, 1);
  assert.equal(arrived[0].visited_on, JapanDate(-1));
  assert.equal(arrived[0].visitors, '包括 さとし');
  assert.equal(arrived[0].outcome, 'met');
  assert.equal(arrived[0].notice, '電波の届かない谷で、ひとり暮らし');
  assert.deepEqual(arrived[0].answers, { trouble_health: '膝が痛く通院が大変' });
});

test('sign-out wipes what the device kept', async () => {
  await Promise.all([page.waitForURL(`${origin}/signin`), page.getByRole('button', { name: 'サインアウト' }).click()]);
  assert.deepEqual(await RawDeviceRecords(), []);
  assert.deepEqual(problems.filter((p) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch/.test(p)), []);
});

test('what the device kept is wiped once the set hours have passed (the page clock moved on)', async () => {
  await page.goto(`${origin}/signin`);
  await page.getByLabel('ユーザー名').fill('demo-houkatsu');
  await page.getByLabel('パスワード').fill('kasane-demo');
  await Promise.all([page.waitForURL(`${origin}/`), page.getByRole('button', { name: 'サインイン' }).click()]);
  const offline = `${origin}/surveys/${ids.campaign}/areas/${ids.east}/offline`;
  await page.goto(offline);
  const hours = Number(await page.locator('#survey-offline').getAttribute('data-keep-hours'));
  assert.equal(hours, 12);
  await page.getByLabel('合言葉（8文字以上）').fill('yamaai-2024');
  await page.getByLabel('合言葉（確認）').fill('yamaai-2024');
  await page.getByRole('button', { name: 'この自治会を端末に保存' }).click();
  await page.locator('#offline-status', { hasText: '端末に保存しました' }).waitFor();
  assert.equal((await RawDeviceRecords()).length, 1);

  // An hour before the limit the list is still there, waiting for the 合言葉.
  const savedAt = Date.now();
  await page.clock.setFixedTime(new Date(savedAt + (hours - 1) * 3600000));
  await page.goto(offline);
  await page.locator('#offline-unlock').waitFor({ state: 'visible' });
  assert.equal((await RawDeviceRecords()).length, 1);

  // An hour after it, opening the page wipes it and says why.
  await page.clock.setFixedTime(new Date(savedAt + (hours + 1) * 3600000));
  await page.goto(offline);
  await page.locator('#offline-status', { hasText: `${hours} 時間たったため、端末の訪問リストを消しました` }).waitFor();
  assert.deepEqual(await RawDeviceRecords(), []);
  assert.deepEqual(problems.filter((p) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch/.test(p)), []);
});
