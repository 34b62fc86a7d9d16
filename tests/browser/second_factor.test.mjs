// SPDX-License-Identifier: Apache-2.0
// Issue #11 item 7 in the browser: the demo caseworker enrols a second factor (the secret shown once, the
// authenticator's code computed here with Node's own HMAC-SHA-1, independently of the server's liboath), keeps
// the ten recovery codes, signs out, and signs in again with the password and then a code; a wrong code is
// refused in Japanese; a recovery code works once. Then the administrator requires a second factor of professional
// roles on 「サインインの安全設定」 and removes the caseworker's; the caseworker's next sign-in goes to the enrolment
// page before any other page.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';

import { NewWatchedPage, SignIn, StartKasane, StopKasane, SubmitAndWait, UnexpectedProblems, baseUrl } from './support.mjs';

function Base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const bytes = [];
  for (const character of text.replace(/[=\s-]/g, '').toUpperCase()) {
    value = (value << 5) | alphabet.indexOf(character);
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

// RFC 6238: HMAC-SHA-1 over the 30-second step counter, dynamic truncation, 6 digits.
function Totp(secret, stepOffset = 0) {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30000) + stepOffset));
  const digest = createHmac('sha1', Base32Decode(secret)).update(message).digest();
  const offset = digest[digest.length - 1] & 0x0f;
  return String((digest.readUInt32BE(offset) & 0x7fffffff) % 1000000).padStart(6, '0');
}

let page;
let secret;
let recoveryCodes;

before(async () => {
  await StartKasane('kasane-browser-2fa-');
  page = await NewWatchedPage();
});

after(StopKasane);

async function SignOut() {
  await Promise.all([page.waitForURL(/\/signin$/), page.getByRole('button', { name: 'サインアウト' }).click()]);
  await page.waitForLoadState('load');
}

async function PasswordStep(username, expectedPath) {
  await page.goto(`${baseUrl}/signin`);
  await page.getByLabel('ユーザー名').fill(username);
  await page.getByLabel('パスワード').fill('kasane-demo');
  await Promise.all([page.waitForURL((url) => url.pathname === expectedPath),
                     page.getByRole('button', { name: 'サインイン' }).click()]);
  await page.waitForLoadState('load');
  // No session yet: only the pending cookie, for the sign-in pages alone.
  const cookies = await page.context().cookies(baseUrl);
  assert.equal(cookies.find((cookie) => cookie.name === 'kasane_session'), undefined);
}

test('the caseworker enrols a second factor and sees ten recovery codes once', async () => {
  await SignIn(page, 'demo-caseworker');
  await page.goto(`${baseUrl}/account/second-factor`);
  assert.equal(await page.locator('#second-factor-enrolled').innerText(), '未登録');
  await SubmitAndWait(page, page.getByRole('button', { name: '二要素認証を登録する' }));
  secret = (await page.locator('#totp-secret').innerText()).trim();
  assert.match(secret, /^[A-Z2-7]{32}$/);
  assert.match(await page.locator('#totp-uri').innerText(), /^otpauth:\/\/totp\/Kasane:demo-caseworker\?secret=/);
  await page.getByLabel('アプリに表示された6桁の確認コード').fill(Totp(secret));
  await SubmitAndWait(page, page.getByRole('button', { name: '確認して登録する' }));
  recoveryCodes = await page.locator('#recovery-codes li').allInnerTexts();
  assert.equal(recoveryCodes.length, 10);
  await page.goto(`${baseUrl}/account/second-factor`);
  assert.equal(await page.locator('#second-factor-enrolled').innerText(), '登録済み');
  assert.deepEqual(UnexpectedProblems(), []);
});

test('signing in asks for the code after the password; a wrong code is refused in Japanese', async () => {
  await SignOut();
  await PasswordStep('demo-caseworker', '/signin/code');
  await page.getByLabel('確認コード または 回復コード').fill('000000' === Totp(secret) ? '111111' : '000000');
  const refused = await SubmitAndWait(page, page.getByRole('button', { name: '確認してサインイン' }));
  assert.equal(refused.status(), 401);
  assert.match(await page.getByRole('alert').innerText(), /確認コードが正しくありません/);
  await page.getByLabel('確認コード または 回復コード').fill(Totp(secret, 1));
  await Promise.all([page.waitForURL(`${baseUrl}/`),
                     page.getByRole('button', { name: '確認してサインイン' }).click()]);
  await page.waitForLoadState('load');
  assert.deepEqual(UnexpectedProblems(401), []);
});

test('a recovery code signs in once', async () => {
  await SignOut();
  await PasswordStep('demo-caseworker', '/signin/code');
  await page.getByLabel('確認コード または 回復コード').fill(recoveryCodes[0]);
  await Promise.all([page.waitForURL(`${baseUrl}/`),
                     page.getByRole('button', { name: '確認してサインイン' }).click()]);
  await SignOut();
  await PasswordStep('demo-caseworker', '/signin/code');
  await page.getByLabel('確認コード または 回復コード').fill(recoveryCodes[0]);
  const refused = await SubmitAndWait(page, page.getByRole('button', { name: '確認してサインイン' }));
  assert.equal(refused.status(), 401);
  assert.deepEqual(UnexpectedProblems(401), []);
});

test('the administrator requires it and removes the caseworker\'s; the caseworker must enrol before any page', async () => {
  await page.context().clearCookies();
  await SignIn(page, 'demo-town-admin');
  await page.goto(`${baseUrl}/admin/security`);
  await page.getByLabel('要配慮個人情報を扱う役割に二要素認証を必須にする').check();
  await SubmitAndWait(page, page.getByRole('button', { name: '保存する' }));
  assert.ok(await page.locator('#settings-saved').isVisible());
  const row = page.locator('tr', { hasText: 'demo-caseworker' });
  await SubmitAndWait(page, row.getByRole('button', { name: '二要素認証を解除' }));
  await SignOut();

  await PasswordStep('demo-caseworker', '/signin/enrol');
  // Any other page is out of reach: there is no session.
  await page.goto(`${baseUrl}/persons`);
  assert.equal(new URL(page.url()).pathname, '/signin');
  await page.goBack();
  await page.goto(`${baseUrl}/signin/enrol?next=%2F`);
  const newSecret = (await page.locator('#totp-secret').innerText()).trim();
  await page.getByLabel('アプリに表示された6桁の確認コード').fill(Totp(newSecret));
  await SubmitAndWait(page, page.getByRole('button', { name: '確認して登録する' }));
  assert.equal((await page.locator('#recovery-codes li').allInnerTexts()).length, 10);
  await Promise.all([page.waitForURL(`${baseUrl}/`), page.getByRole('link', { name: '保管しました。続ける' }).click()]);
  assert.deepEqual(UnexpectedProblems(), []);
});
