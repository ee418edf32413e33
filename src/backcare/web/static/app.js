// Small enhancements on top of pages that work without JavaScript.
// - HTMX requests carry the CSRF token in a header as well as the form field.
// - After HTMX swaps in a new question or result, focus moves to its heading so screen readers
//   and keyboard users start at the new content, not at the button that has just gone.
// - "Print this result" and unfolding what is folded on paper.
// - The service worker is registered, so the app opens offline after the first visit.
"use strict";

if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/service-worker.js");
}

document.addEventListener("htmx:configRequest", function (event) {
  var field = document.querySelector("input[name=csrf_token]");
  if (field) {
    event.detail.headers["X-CSRF-Token"] = field.value;
  }
});

// "htmx:load" fires on each piece of new content (an outerHTML swap's old target is detached
// by then, so "afterSwap" would not reach the document); the first load is the page itself.
document.addEventListener("htmx:load", function (event) {
  var content = event.detail.elt;
  if (content === document.body) {
    return;
  }
  var focus = content.matches("[data-focus]") ? content : content.querySelector("[data-focus]");
  if (focus) {
    focus.focus();
  }
});

// "Print this result": a button only where printing is possible (it needs this script). On
// paper every folded part is unfolded, and folded again afterwards.
document.addEventListener("htmx:load", function (event) {
  event.detail.elt.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
});

var unfolded = [];
window.addEventListener("beforeprint", function () {
  unfolded = Array.prototype.filter.call(document.querySelectorAll("main details"),
    function (details) { return !details.open; });
  unfolded.forEach(function (details) { details.open = true; });
});
window.addEventListener("afterprint", function () {
  unfolded.forEach(function (details) { details.open = false; });
  unfolded = [];
});

