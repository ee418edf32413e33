// Small enhancements on top of pages that work without JavaScript.
// - HTMX requests carry the CSRF token in a header as well as the form field.
// - After HTMX swaps in a new question or result, focus moves to its heading so screen readers
//   and keyboard users start at the new content, not at the button that has just gone.
// - The ice/heat timer counts down in the page and records the session when it ends or stops.
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

function pad(n) {
  return (n < 10 ? "0" : "") + n;
}

function clockText(seconds) {
  var whole = Math.max(0, Math.ceil(seconds));
  return pad(Math.floor(whole / 60)) + ":" + pad(whole % 60);
}

function setUpTimer(form) {
  var minutes = form.querySelector("[data-timer-minutes]");
  var clock = form.querySelector("[data-timer-clock]");
  var say = form.querySelector("[data-timer-say]");
  var start = form.querySelector("[data-timer-start]");
  var stop = form.querySelector("[data-timer-stop]");
  var seconds = form.querySelector("[data-timer-seconds]");
  var interrupted = form.querySelector("[data-timer-interrupted]");
  var label = form.querySelector("h3").firstChild.textContent.trim();
  var tick = null;
  var startedAt = 0;
  var total = 0;

  function name() {
    start.textContent = "Start " + label.toLowerCase() + " timer: " + minutes.value + " min";
  }
  start.hidden = false;
  name();
  form.querySelector("[data-timer-manual]").addEventListener("click", function () {
    seconds.value = "";
    interrupted.value = "false";
  });
  minutes.addEventListener("input", name);

  function finish(early) {
    window.clearInterval(tick);
    tick = null;
    var elapsed = Math.min(total, (Date.now() - startedAt) / 1000);
    seconds.value = early ? elapsed.toFixed(1) : String(total);
    interrupted.value = early ? "true" : "false";
    clock.textContent = early ? "Stopped" : "Time’s up — take it off";
    say.textContent = early ? label + " stopped." : "Time’s up. Take the " + label.toLowerCase() + " off.";
    start.hidden = false;
    stop.hidden = true;
    minutes.disabled = false;
    form.requestSubmit();
  }

  start.addEventListener("click", function () {
    if (!minutes.reportValidity()) {
      return;
    }
    total = Number(minutes.value) * 60;
    startedAt = Date.now();
    clock.hidden = false;
    clock.textContent = clockText(total);
    say.textContent = label + " timer started: " + minutes.value + " minutes.";
    start.hidden = true;
    stop.hidden = false;
    minutes.disabled = true;
    stop.focus();
    tick = window.setInterval(function () {
      var left = total - (Date.now() - startedAt) / 1000;
      clock.textContent = clockText(left);
      if (left <= 0) {
        finish(false);
      }
    }, 250);
  });

  stop.addEventListener("click", function () {
    if (tick !== null) {
      finish(true);
    }
  });
}

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

function setUpAll() {
  document.querySelectorAll("form[data-timer]").forEach(setUpTimer);
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", setUpAll);
} else {
  setUpAll();
}
