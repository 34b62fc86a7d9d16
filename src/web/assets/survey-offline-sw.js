// SPDX-License-Identifier: Apache-2.0
// The service worker of the offline visit list (scope /surveys/): it keeps the shell of the offline pages (no
// household is in them), their script and style, so the page opens without a network. Households and visits never
// pass through this cache: the page script keeps them encrypted in IndexedDB (survey-offline.js). Nothing comes
// from a CDN. Sign-out clears this cache (Clear-Site-Data).
'use strict';

var CACHE = 'kasane-survey-offline-v1';

self.addEventListener('install', function () { self.skipWaiting(); });
self.addEventListener('activate', function (event) { event.waitUntil(self.clients.claim()); });

// The shell (…/offline) and the assets it names: from the network when there is one, from the cache when not.
function Kept(url) {
  return url.origin === self.location.origin &&
    (/^\/surveys\/\d+\/areas\/\d+\/offline$/.test(url.pathname) || url.pathname.indexOf('/assets/') === 0 ||
     url.pathname === '/surveys/offline.webmanifest');
}

self.addEventListener('fetch', function (event) {
  var request = event.request;
  if (request.method !== 'GET') return;
  var url = new URL(request.url);
  if (!Kept(url)) return;
  event.respondWith(fetch(request).then(function (response) {
    if (response.ok && response.type === 'basic') {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
    }
    return response;
  }).catch(function () {
    return caches.open(CACHE).then(function (cache) {
      return cache.match(request, { ignoreSearch: true }).then(function (found) {
        return found || new Response('オフラインです', { status: 503, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
      });
    });
  }));
});
