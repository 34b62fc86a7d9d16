// SPDX-License-Identifier: Apache-2.0
// The visit list and visit form without a network (issue 15, item 5; docs/household_survey.md, "Offline").
// - Download: the 自治会's households, their visits and the form come through the API and are kept in IndexedDB
//   encrypted (AES-GCM, 256 bits) under a key derived with PBKDF2-SHA-256 (310,000 rounds, a random salt) from a
//   合言葉 the user types. Neither the 合言葉 nor the key is stored: a copied browser profile cannot be read without it.
// - Visits entered offline wait in the same encrypted record, each with an idempotency key (a UUID) made here; a
//   change of a downloaded visit carries the version and the values it started from.
// - 送信する: the queue goes to POST /api/v1/survey-campaigns/{id}/offline-sync. Recorded and already-synced visits
//   leave the queue; a refused one stays with its reason; a conflict shows, per field, the server's and the
//   device's value for the user to choose — the choice is sent on the server's version.
// - Wiped after data-keep-hours hours, and on sign-out (the server's Clear-Site-Data header).
'use strict';
(function () {
  var root = document.getElementById('survey-offline');
  if (!root) return;
  var campaignId = root.getAttribute('data-campaign');
  var areaId = root.getAttribute('data-area');
  var keepHours = Number(root.getAttribute('data-keep-hours')) || 12;
  var DB_NAME = 'kasane-survey-offline';
  var STORE = 'kept';
  var RECORD = 'campaign-' + campaignId + '-area-' + areaId;
  var CACHE = 'kasane-survey-offline-v1';
  var ROUNDS = 310000;
  var key = null;    // the CryptoKey, in memory only
  var state = null;  // { campaign, households, queue }
  var editing = null;

  var $ = function (id) { return document.getElementById(id); };
  var OUTCOMES = { met: '面会', absent: '不在（再訪）', refused: '拒否', vacant: '空き家', moved_out: '転居' };
  var FIELD_LABELS = { visited_on: '訪問日', visitors: '訪問した人', outcome: '結果', notice: '気づき' };

  function Status(text) { $('offline-status').textContent = text; }
  function Show(id, shown) { $(id).hidden = !shown; }

  // --- IndexedDB: one record per campaign and 自治会: { salt, iv, data (encrypted), expires } -------------------
  function OpenDb() {
    return new Promise(function (resolve, reject) {
      var open = indexedDB.open(DB_NAME, 1);
      open.onupgradeneeded = function () { open.result.createObjectStore(STORE); };
      open.onsuccess = function () { resolve(open.result); };
      open.onerror = function () { reject(open.error); };
    });
  }
  function Tx(mode, action) {
    return OpenDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var request = action(tx.objectStore(STORE));
        tx.oncomplete = function () { db.close(); resolve(request && request.result); };
        tx.onerror = function () { db.close(); reject(tx.error); };
      });
    });
  }
  function ReadRecord() { return Tx('readonly', function (store) { return store.get(RECORD); }); }
  function WriteRecord(record) { return Tx('readwrite', function (store) { return store.put(record, RECORD); }); }
  function Wipe() {
    key = null;
    state = null;
    return Tx('readwrite', function (store) { return store.delete(RECORD); });
  }

  // --- WebCrypto ------------------------------------------------------------------------------------------------
  function DeriveKey(secret, salt) {
    var encoded = new TextEncoder().encode(secret);
    return crypto.subtle.importKey('raw', encoded, 'PBKDF2', false, ['deriveKey']).then(function (material) {
      return crypto.subtle.deriveKey({ name: 'PBKDF2', salt: salt, iterations: ROUNDS, hash: 'SHA-256' }, material,
                                     { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
    });
  }
  function Save() {
    return ReadRecord().then(function (record) {
      var iv = crypto.getRandomValues(new Uint8Array(12));
      var plain = new TextEncoder().encode(JSON.stringify(state));
      return crypto.subtle.encrypt({ name: 'AES-GCM', iv: iv }, key, plain).then(function (sealed) {
        return WriteRecord({ salt: record.salt, iv: iv, data: new Uint8Array(sealed), expires: record.expires });
      });
    });
  }
  function Open(record, secret) {
    return DeriveKey(secret, record.salt).then(function (derived) {
      return crypto.subtle.decrypt({ name: 'AES-GCM', iv: record.iv }, derived, record.data).then(function (plain) {
        key = derived;
        state = JSON.parse(new TextDecoder().decode(plain));
      });
    });
  }

  function Uuid() {
    if (crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }

  // The fields a visit is compared by, as the server names them (domain::FieldsOfVisit).
  function FieldsOf(visit) {
    var fields = { visited_on: visit.visited_on || '', visitors: visit.visitors || '', outcome: visit.outcome || '',
                   notice: visit.notice || '' };
    Object.keys(visit.answers || {}).forEach(function (item) {
      if (visit.answers[item]) fields['answers.' + item] = visit.answers[item];
    });
    return fields;
  }

  // --- the screens ----------------------------------------------------------------------------------------------
  function Today() { return new Date(Date.now() + 9 * 3600000).toISOString().slice(0, 10); }

  function Render() {
    Show('offline-download', false);
    Show('offline-unlock', false);
    Show('offline-list', true);
    $('offline-pending').textContent = String(state.queue.length);
    var body = $('offline-households').querySelector('tbody');
    body.textContent = '';
    state.households.forEach(function (household) {
      var row = document.createElement('tr');
      row.setAttribute('data-household', household.id);
      var cells = [household.address, household.head_name];
      cells.forEach(function (text) {
        var cell = document.createElement('td');
        cell.textContent = text;
        row.appendChild(cell);
      });
      var visits = document.createElement('td');
      (household.visits || []).forEach(function (visit) {
        var line = document.createElement('div');
        line.textContent = visit.visited_on + ' ' + (OUTCOMES[visit.outcome] || visit.outcome) +
          (visit.notice ? '（' + visit.notice + '）' : '');
        var fix = document.createElement('button');
        fix.type = 'button';
        fix.className = 'button button--text';
        fix.textContent = 'この訪問を直す';
        fix.addEventListener('click', function () { OpenForm(household, visit); });
        line.appendChild(fix);
        visits.appendChild(line);
      });
      state.queue.forEach(function (queued) {
        if (queued.household_id !== household.id) return;
        var line = document.createElement('div');
        line.className = 'offline-queued';
        line.textContent = '未送信: ' + queued.visited_on + ' ' + (OUTCOMES[queued.outcome] || queued.outcome) +
          (queued.error ? '（送れませんでした: ' + queued.error + '）' : '');
        visits.appendChild(line);
      });
      row.appendChild(visits);
      var action = document.createElement('td');
      var record = document.createElement('button');
      record.type = 'button';
      record.className = 'button';
      record.textContent = '訪問を記録';
      record.addEventListener('click', function () { OpenForm(household, null); });
      action.appendChild(record);
      row.appendChild(action);
      body.appendChild(row);
    });
    RenderConflicts();
  }

  function OpenForm(household, visit) {
    editing = { household: household, visit: visit };
    $('offline-form-household').textContent = household.address + '　' + household.head_name +
      (visit ? '（' + visit.visited_on + ' の訪問を直す）' : '');
    $('offline-visited-on').value = visit ? visit.visited_on : Today();
    $('offline-visitors').value = visit ? visit.visitors : '';
    $('offline-outcome').value = visit ? visit.outcome : 'met';
    $('offline-notice').value = visit ? visit.notice : '';
    var items = $('offline-items');
    items.textContent = '';
    state.campaign.items.forEach(function (item) {
      var field = document.createElement('div');
      field.className = 'form-field';
      var label = document.createElement('label');
      label.className = 'form-field__label';
      label.htmlFor = 'offline-item-' + item.key;
      label.textContent = item.section + ': ' + item.label;
      var input = document.createElement('input');
      input.className = 'form-field__input';
      input.type = 'text';
      input.id = 'offline-item-' + item.key;
      input.setAttribute('data-item', item.key);
      input.value = visit && visit.answers && visit.answers[item.key] ? visit.answers[item.key] : '';
      field.appendChild(label);
      field.appendChild(input);
      items.appendChild(field);
    });
    Show('offline-form-panel', true);
    $('offline-visitors').focus();
  }

  function Queue(event) {
    event.preventDefault();
    var answers = {};
    $('offline-items').querySelectorAll('input[data-item]').forEach(function (input) {
      if (input.value) answers[input.getAttribute('data-item')] = input.value;
    });
    var queued = { idempotency_key: Uuid(), household_id: editing.household.id, area_id: Number(areaId),
                   visited_on: $('offline-visited-on').value, visitors: $('offline-visitors').value,
                   outcome: $('offline-outcome').value, answers: answers, notice: $('offline-notice').value };
    if (editing.visit) {
      queued.visit_id = editing.visit.id;
      queued.base_version = editing.visit.version || 1;
      queued.base = FieldsOf(editing.visit);
    }
    state.queue.push(queued);
    editing = null;
    Save().then(function () {
      Show('offline-form-panel', false);
      Render();
      Status('端末に記録しました（未送信）');
    });
  }

  // --- 送信する -------------------------------------------------------------------------------------------------
  function FreshCsrf() {
    return fetch(location.pathname, { credentials: 'same-origin', cache: 'no-store' }).then(function (response) {
      if (response.redirected || !response.ok) throw new Error('signin');
      return response.text();
    }).then(function (html) {
      var match = html.match(/<meta name="csrf-token" content="([^"]+)">/);
      if (!match) throw new Error('signin');
      return match[1];
    });
  }

  function Sync() {
    if (!state || state.queue.length === 0) {
      $('offline-sync-result').textContent = '送る訪問はありません';
      return Promise.resolve();
    }
    $('offline-sync-result').textContent = '送信しています…';
    var sending = state.queue.map(function (queued) {
      var copy = Object.assign({}, queued);
      delete copy.error;
      delete copy.conflict;
      return copy;
    });
    return FreshCsrf().then(function (csrf) {
      return fetch('/api/v1/survey-campaigns/' + campaignId + '/offline-sync', {
        method: 'POST', credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
        body: JSON.stringify({ visits: sending }),
      });
    }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) throw new Error(body.error ? body.error.message : String(response.status));
        return body;
      });
    }).then(function (body) {
      var byKey = {};
      body.results.forEach(function (result) { byKey[result.idempotency_key] = result; });
      var sent = 0;
      var kept = [];
      state.queue.forEach(function (queued) {
        var result = byKey[queued.idempotency_key];
        if (!result) { kept.push(queued); return; }
        if (result.status === 'recorded' || result.status === 'already_synced') {
          sent += 1;
          return;
        }
        queued.error = result.status === 'refused' && result.error ? result.error.message : '';
        queued.conflict = result.status === 'conflict' ?
          { version: result.version, conflicts: result.conflicts, server: result.server } : null;
        kept.push(queued);
      });
      state.queue = kept;
      var conflicts = kept.filter(function (q) { return q.conflict; }).length;
      return Save().then(function () {
        Render();
        $('offline-sync-result').textContent = '送信済み ' + sent + ' 件' +
          (conflicts ? '、食い違い ' + conflicts + ' 件（下で選んでください）' : '') +
          (kept.length - conflicts ? '、送れなかった訪問 ' + (kept.length - conflicts) + ' 件' : '');
      });
    }).catch(function (error) {
      $('offline-sync-result').textContent = error.message === 'signin' ?
        'サインインし直してから送信してください（記録は端末に残っています）' :
        '送信できませんでした（記録は端末に残っています）: ' + error.message;
    });
  }

  // A conflict: per field, the server's value and the device's, the user choosing one. The choice goes out on the
  // server's version, with the server's values as the base, so it merges clean (domain::MergeVisitEdit).
  function RenderConflicts() {
    var box = $('offline-conflicts');
    box.textContent = '';
    state.queue.forEach(function (queued, index) {
      if (!queued.conflict) return;
      var form = document.createElement('form');
      form.className = 'panel offline-conflict';
      form.setAttribute('data-key', queued.idempotency_key);
      var title = document.createElement('h3');
      title.textContent = 'ほかの人が先に直した項目があります。残す値を選んでください';
      form.appendChild(title);
      queued.conflict.conflicts.forEach(function (conflict) {
        var set = document.createElement('fieldset');
        var legend = document.createElement('legend');
        legend.textContent = FIELD_LABELS[conflict.field] || conflict.field.replace(/^answers\./, '調査票: ');
        set.appendChild(legend);
        [['server', 'サーバーの値: ', conflict.server_value], ['device', 'この端末の値: ', conflict.device_value]]
          .forEach(function (choice) {
            var label = document.createElement('label');
            var radio = document.createElement('input');
            radio.type = 'radio';
            radio.name = 'choice-' + index + '-' + conflict.field;
            radio.value = choice[0];
            radio.required = true;
            label.appendChild(radio);
            label.appendChild(document.createTextNode(choice[1] + (choice[2] || '（空欄）')));
            set.appendChild(label);
          });
        form.appendChild(set);
      });
      var decide = document.createElement('button');
      decide.type = 'submit';
      decide.className = 'button button--primary';
      decide.textContent = 'この内容で送る';
      form.appendChild(decide);
      form.addEventListener('submit', function (event) {
        event.preventDefault();
        var server = queued.conflict.server;
        var mine = FieldsOf(queued);
        var chosen = Object.assign({}, mine);
        queued.conflict.conflicts.forEach(function (conflict) {
          var picked = form.querySelector('input[name="choice-' + index + '-' + conflict.field + '"]:checked');
          chosen[conflict.field] = picked && picked.value === 'server' ? conflict.server_value : conflict.device_value;
        });
        queued.base = server;
        queued.base_version = queued.conflict.version;
        queued.visited_on = chosen.visited_on;
        queued.visitors = chosen.visitors;
        queued.outcome = chosen.outcome;
        queued.notice = chosen.notice;
        queued.answers = {};
        Object.keys(chosen).forEach(function (name) {
          if (name.indexOf('answers.') === 0 && chosen[name]) queued.answers[name.slice(8)] = chosen[name];
        });
        queued.conflict = null;
        Save().then(Sync);
      });
      box.appendChild(form);
    });
  }

  // --- download and unlock --------------------------------------------------------------------------------------
  function GetJson(url) {
    return fetch(url, { credentials: 'same-origin', cache: 'no-store' }).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.json();
    });
  }

  function KeepShell() {
    if (!window.caches) return Promise.resolve();
    var urls = [location.pathname, '/surveys/offline.webmanifest'];
    document.querySelectorAll('link[rel="stylesheet"][href], link[rel="icon"][href], script[src]').forEach(function (el) {
      urls.push(el.getAttribute('href') || el.getAttribute('src'));
    });
    return caches.open(CACHE).then(function (cache) { return cache.addAll(urls); });
  }

  function Download(event) {
    event.preventDefault();
    var secret = $('offline-new-secret').value;
    var error = $('offline-download-error');
    error.hidden = true;
    if (secret.length < 8 || secret !== $('offline-new-secret-again').value) {
      error.textContent = secret.length < 8 ? '合言葉は8文字以上にしてください' : '確認の合言葉が一致しません';
      error.hidden = false;
      return;
    }
    Status('保存しています…');
    Promise.all([GetJson('/api/v1/survey-campaigns/' + campaignId),
                 GetJson('/api/v1/survey-campaigns/' + campaignId + '/households?area=' + areaId)])
      .then(function (answers) {
        var salt = crypto.getRandomValues(new Uint8Array(16));
        var campaign = answers[0].campaign;
        state = { campaign: { id: campaign.id, name: campaign.name, items: campaign.items },
                  households: answers[1].households, queue: [] };
        return DeriveKey(secret, salt).then(function (derived) {
          key = derived;
          return WriteRecord({ salt: salt, iv: new Uint8Array(12), data: new Uint8Array(0),
                               expires: Date.now() + keepHours * 3600000 });
        });
      })
      .then(Save)
      .then(KeepShell)
      .then(function () {
        $('offline-new-secret').value = '';
        $('offline-new-secret-again').value = '';
        Render();
        Status('端末に保存しました（' + state.households.length + ' 世帯）。電波がなくてもこのページを開けます');
      })
      .catch(function (failure) {
        error.textContent = '保存できませんでした: ' + failure.message;
        error.hidden = false;
        Status('');
      });
  }

  function Unlock(event) {
    event.preventDefault();
    var error = $('offline-unlock-error');
    error.hidden = true;
    ReadRecord().then(function (record) {
      return Open(record, $('offline-secret').value);
    }).then(function () {
      $('offline-secret').value = '';
      Render();
      Status('開きました');
    }).catch(function () {
      error.textContent = '合言葉が違います';
      error.hidden = false;
    });
  }

  $('offline-download-form').addEventListener('submit', Download);
  $('offline-unlock-form').addEventListener('submit', Unlock);
  $('offline-visit-form').addEventListener('submit', Queue);
  $('offline-form-cancel').addEventListener('click', function () { Show('offline-form-panel', false); });
  $('offline-sync').addEventListener('click', Sync);

  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register(root.getAttribute('data-worker'), { scope: '/surveys/' }).catch(function () {
      Status('このブラウザではオフラインで開けません（HTTPS で開いてください）');
    });
  }
  ReadRecord().then(function (record) {
    if (!record) return;
    if (Date.now() > record.expires) {
      return Wipe().then(function () { Status(keepHours + ' 時間たったため、端末の訪問リストを消しました'); });
    }
    Show('offline-download', false);
    Show('offline-unlock', true);
  });
})();
