// SPDX-License-Identifier: Apache-2.0
// 一覧の取り込み (地域 /admin/areas, 関係機関 /admin/organizations, 調査の世帯名簿 /surveys/{id}/households/import):
// sends the chosen list to the form's data-upload-url (POST, base64 JSON with the session's CSRF token), then opens
// its dry run at data-preview-url with the upload's id and the form's choices (each select by its name: the default
// kind, or the 自治会 of rows that name none). No inline script (CSP).
(function () {
  'use strict';

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute('content') : '';
  }

  function toBase64(buffer) {
    var bytes = new Uint8Array(buffer);
    var binary = '';
    for (var i = 0; i < bytes.length; i += 0x8000) {
      binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    }
    return btoa(binary);
  }

  document.querySelectorAll('form[data-list-upload]').forEach(function (form) {
    var errorBox = form.querySelector('[data-upload-error]');
    function showError(message) {
      errorBox.textContent = message;
      errorBox.hidden = false;
    }
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      errorBox.hidden = true;
      var input = form.querySelector('input[type="file"]');
      var file = input && input.files && input.files[0];
      if (!file) {
        showError('ファイルを選んでください');
        return;
      }
      var choices = '';
      form.querySelectorAll('select[name]').forEach(function (select) {
        choices += '&' + encodeURIComponent(select.name) + '=' + encodeURIComponent(select.value);
      });
      file.arrayBuffer().then(function (buffer) {
        return fetch(form.getAttribute('data-upload-url'), {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken() },
          body: JSON.stringify({ file_name: file.name, content_base64: toBase64(buffer) })
        });
      }).then(function (response) {
        return response.json().then(function (body) {
          if (!response.ok) throw new Error((body && body.error && body.error.message) || 'ファイルを読み込めませんでした');
          window.location.assign(form.getAttribute('data-preview-url') + '?upload=' + encodeURIComponent(body.id) +
                                 choices);
        });
      }).catch(function (error) {
        showError(error.message || 'ファイルを読み込めませんでした');
      });
    });
  });
})();
