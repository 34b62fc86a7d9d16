// SPDX-License-Identifier: Apache-2.0
// Never lose typing (issue 13, item 4). For every <form data-draft>: saves what the user types to the server
// (POST /drafts?form=<the path the form posts to>) one second after typing stops, refills the form from the
// user's own server-side draft when it opens again, with a message and a discard button, and, when the session
// has expired, keeps the content on the page and asks the user to sign in again in another tab before sending.
// Nothing is kept in localStorage or sessionStorage: drafts hold personal data and stay on the server, per user.
(function () {
  'use strict';

  var SKIPPED = { _csrf: true, _submit_key: true };

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute('content') : '';
  }

  function formKey(form) {
    return new URL(form.getAttribute('action') || window.location.pathname, window.location.href).pathname;
  }

  function serialise(form) {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (!SKIPPED[name] && typeof value === 'string') params.append(name, value);
    });
    return params.toString();
  }

  function notice(form, className, text) {
    var old = form.querySelector('.draft-notice');
    if (old) old.remove();
    var box = document.createElement('div');
    box.className = 'draft-notice ' + className;
    box.setAttribute('role', 'status');
    var p = document.createElement('p');
    p.textContent = text;
    box.appendChild(p);
    form.insertBefore(box, form.firstChild);
    return box;
  }

  function fill(form, content) {
    var values = {};
    new URLSearchParams(content).forEach(function (value, name) {
      (values[name] = values[name] || []).push(value);
    });
    var used = {};
    Array.prototype.forEach.call(form.elements, function (element) {
      var name = element.name;
      if (!name || SKIPPED[name] || !Object.prototype.hasOwnProperty.call(values, name)) return;
      var list = values[name];
      if (element.type === 'checkbox' || element.type === 'radio') {
        element.checked = list.indexOf(element.value) >= 0;
      } else if (element.tagName === 'SELECT' && element.multiple) {
        Array.prototype.forEach.call(element.options, function (option) {
          option.selected = list.indexOf(option.value) >= 0;
        });
      } else if (element.type !== 'submit' && element.type !== 'button' && element.type !== 'file') {
        var index = used[name] || 0;
        if (index < list.length) element.value = list[index];
        used[name] = index + 1;
      }
    });
  }

  function post(url, body) {
    return fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-CSRF-Token': csrfToken() },
      body: body
    });
  }

  function signedOut(response) {
    return response.type === 'opaqueredirect' || response.status === 401 || response.status === 403;
  }

  // After signing in again in another tab: the new session's CSRF token, read from the home page.
  function refreshToken() {
    return fetch('/', { credentials: 'same-origin', redirect: 'manual' }).then(function (response) {
      if (signedOut(response) || !response.ok) return null;
      return response.text().then(function (html) {
        var doc = new DOMParser().parseFromString(html, 'text/html');
        var meta = doc.querySelector('meta[name="csrf-token"]');
        var fresh = doc.querySelector('input[name="_submit_key"]');
        if (!meta) return null;
        var token = meta.getAttribute('content');
        document.querySelector('meta[name="csrf-token"]').setAttribute('content', token);
        document.querySelectorAll('input[name="_csrf"]').forEach(function (input) { input.value = token; });
        if (document.body.hasAttribute('hx-headers')) {
          document.body.setAttribute('hx-headers', JSON.stringify({ 'X-CSRF-Token': token }));
        }
        // The new session is another user's as far as the server knows keys: a fresh one for this form.
        if (fresh) {
          document.querySelectorAll('input[name="_submit_key"]').forEach(function (input) { input.value = fresh.value; });
        }
        return token;
      });
    });
  }

  function watch(form) {
    var key = formKey(form);
    var url = '/drafts?form=' + encodeURIComponent(key);
    var timer = null;
    var expired = false;
    var submitting = false;
    var lastSaved = serialise(form);

    function save() {
      timer = null;
      if (submitting) return;
      var body = serialise(form);
      if (body === lastSaved) return;
      post(url, body).then(function (response) {
        if (signedOut(response)) {
          expired = true;
          notice(form, 'draft-expired', 'サインインの有効期限が切れたため、入力を保存できません。入力はこの画面に残っています。');
        } else if (response.ok) {
          lastSaved = body;
          expired = false;
        }
      }).catch(function () { /* offline: the content stays on the page; the next input tries again */ });
    }

    function changed() {
      if (timer) clearTimeout(timer);
      timer = setTimeout(save, 1000);
    }

    form.addEventListener('input', changed);
    form.addEventListener('change', changed);
    form.addEventListener('submit', function (event) {
      if (timer) { clearTimeout(timer); timer = null; }
      if (!expired) { submitting = true; return; }
      // The session has expired: sending now would lose what was typed since. Keep it here and ask the user to
      // sign in in another tab; the next press of the button takes the new session's token and sends.
      event.preventDefault();
      refreshToken().then(function (token) {
        if (!token) {
          var box = notice(form, 'draft-expired',
            'サインインの有効期限が切れています。入力はこの画面に残っています。別のタブでサインインしてから、もう一度送信してください。');
          var link = document.createElement('a');
          link.href = '/signin';
          link.target = '_blank';
          link.rel = 'noopener';
          link.textContent = '別のタブでサインインする';
          box.appendChild(link);
          return;
        }
        expired = false;
        post(url, serialise(form)).finally(function () {
          submitting = true;
          form.submit();
        });
      });
    });

    // A form re-rendered after a post (a field error) already holds what was sent: no older draft over it.
    if (form.dataset.draftRestore === 'off') return;
    fetch(url, { credentials: 'same-origin', redirect: 'manual' }).then(function (response) {
      if (response.status !== 200) return null;
      return response.json();
    }).then(function (draft) {
      if (!draft || typeof draft.content !== 'string') return;
      fill(form, draft.content);
      lastSaved = serialise(form);
      var box = notice(form, 'draft-restored', draft.message);
      var discard = document.createElement('button');
      discard.type = 'button';
      discard.className = 'secondary';
      discard.textContent = draft.discard_label;
      discard.addEventListener('click', function () {
        post('/drafts/discard?form=' + encodeURIComponent(key), '').then(function () {
          window.location.reload();
        });
      });
      box.appendChild(discard);
    }).catch(function () { /* no draft shown; typing still saves */ });
  }

  function start() {
    document.querySelectorAll('form[data-draft]').forEach(watch);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
