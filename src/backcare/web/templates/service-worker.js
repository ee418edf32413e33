// backcare's service worker: keeps the app's own files and the offline page, so the app
// opens without a connection after the first visit. Pages with a person's health notes are
// never stored: without a connection they give way to the offline page.
"use strict";

var CACHE = {{ cache | tojson }};
var PRECACHE = {{ precache | tojson }};
var PUBLIC = {{ public | tojson }};
var OFFLINE = {{ offline | tojson }};

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return cache.addAll(PRECACHE);
  }).then(function () {
    return self.skipWaiting();
  }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name !== CACHE;
    }).map(function (name) {
      return caches.delete(name);
    }));
  }).then(function () {
    return self.clients.claim();
  }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) {
    return;
  }
  if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(caches.match(request).then(function (kept) {
      return kept || fetch(request);
    }));
    return;
  }
  if (request.mode !== "navigate") {
    return;
  }
  var shared = PUBLIC.indexOf(url.pathname) !== -1 && !url.search;
  event.respondWith(fetch(request).then(function (response) {
    if (shared && response.ok) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) {
        cache.put(request, copy);
      });
    }
    return response;
  }).catch(function () {
    return caches.match(shared ? request : OFFLINE).then(function (kept) {
      return kept || caches.match(OFFLINE);
    });
  }));
});
