// SPDX-License-Identifier: Apache-2.0
// 地域の一括登録 (/admin/areas): sends the chosen list to POST /api/v1/areas/uploads as base64 JSON with the session's
// CSRF token, then opens the dry run (/admin/areas/import). No inline script (CSP).
(function () {
  'use strict';
  var form = document.querySelector('form[data-area-upload]');
  if (!form) return;
  var errorBox = document.getElementById('area-upload-error');

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute('content') : '';
  }

  function showError(message) {
    errorBox.textContent = message;
    errorBox.hidden = false;
  }

  function toBase64(buffer) {
    var bytes = new Uint8Array(buffer);
    var binary = '';
    for (var i = 0; i < bytes.length; i += 0x8000) {
      binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    }
    return btoa(binary);
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    errorBox.hidden = true;
    var input = document.getElementById('area-file');
    var file = input && input.files && input.files[0];
    if (!file) {
      showError('ファイルを選んでください');
      return;
    }
    var kind = document.getElementById('import-kind').value;
    file.arrayBuffer().then(function (buffer) {
      return fetch('/api/v1/areas/uploads', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken() },
        body: JSON.stringify({ file_name: file.name, content_base64: toBase64(buffer) })
      });
    }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) throw new Error((body && body.error && body.error.message) || 'ファイルを読み込めませんでした');
        window.location.assign('/admin/areas/import?upload=' + encodeURIComponent(body.id) +
                               '&kind=' + encodeURIComponent(kind));
      });
    }).catch(function (error) {
      showError(error.message || 'ファイルを読み込めませんでした');
    });
  });
})();
