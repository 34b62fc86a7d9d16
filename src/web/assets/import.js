// SPDX-License-Identifier: Apache-2.0
// 相談記録の取り込み (/admin/import): sends each chosen file to POST /api/v1/imports/uploads as base64 JSON with the
// session's CSRF token, then opens the mapping screen with the uploads' ids. No inline script (CSP).
(function () {
  'use strict';
  var form = document.querySelector('form[data-import-upload]');
  if (!form) return;
  var errorBox = document.getElementById('import-upload-error');

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

  function upload(file) {
    return file.arrayBuffer().then(function (buffer) {
      return fetch('/api/v1/imports/uploads', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken() },
        body: JSON.stringify({ file_name: file.name, content_base64: toBase64(buffer) })
      });
    }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) throw new Error((body && body.error && body.error.message) || 'ファイルを読み込めませんでした');
        return body.id;
      });
    });
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    errorBox.hidden = true;
    var files = [];
    ['import-file-1', 'import-file-2'].forEach(function (id) {
      var input = document.getElementById(id);
      if (input && input.files && input.files[0]) files.push(input.files[0]);
    });
    if (files.length === 0) {
      showError('ファイルを選んでください');
      return;
    }
    var ids = [];
    files.reduce(function (chain, file) {
      return chain.then(function () { return upload(file).then(function (id) { ids.push(id); }); });
    }, Promise.resolve()).then(function () {
      window.location.assign('/admin/import/mapping?uploads=' + ids.join(','));
    }).catch(function (error) {
      showError(error.message);
    });
  });
})();
