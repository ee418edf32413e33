// The ice/heat timer: counts down in the page and records the session when it ends or stops.
// At the limit it rings (Web Audio), vibrates, and shows a notification when the page is not
// in view; while it runs it keeps the screen awake (Screen Wake Lock). Each is optional and
// used only where the browser allows it; notifications only after the person asks for them.
// The "recorded" message is repeated beside the timer, where the person is looking.
"use strict";

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
    awake.release();
    if (!early) {
      alarm(label);
    }
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
    awake.keep();
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

// Keeps the screen on while a timer runs, taken again when the page comes back into view.
var awake = (function () {
  var lock = null;
  var wanted = false;
  function take() {
    if (wanted && !lock && navigator.wakeLock && document.visibilityState === "visible") {
      navigator.wakeLock.request("screen").then(function (taken) {
        lock = taken;
        lock.addEventListener("release", function () { lock = null; });
      }).catch(function () { lock = null; });
    }
  }
  document.addEventListener("visibilitychange", take);
  return {
    keep: function () { wanted = true; take(); },
    release: function () {
      wanted = false;
      if (lock) {
        lock.release();
      }
    }
  };
})();

// Three soft beeps, a vibration, and a notification when the page is out of sight.
function alarm(label) {
  var Audio = window.AudioContext || window.webkitAudioContext;
  if (Audio) {
    var sound = new Audio();
    [0, 0.4, 0.8].forEach(function (at) {
      var tone = sound.createOscillator();
      var volume = sound.createGain();
      tone.frequency.value = 880;
      volume.gain.setValueAtTime(0.2, sound.currentTime + at);
      volume.gain.exponentialRampToValueAtTime(0.001, sound.currentTime + at + 0.3);
      tone.connect(volume).connect(sound.destination);
      tone.start(sound.currentTime + at);
      tone.stop(sound.currentTime + at + 0.3);
    });
  }
  if (navigator.vibrate) {
    navigator.vibrate([300, 150, 300, 150, 300]);
  }
  if (window.Notification && Notification.permission === "granted" &&
      document.visibilityState !== "visible") {
    new Notification("backcare: time’s up", {body: "Take the " + label.toLowerCase() + " off."});
  }
}

// Notifications are asked for only when the person chooses to, with a button that says why.
function setUpNotifications() {
  var ask = document.querySelector("[data-timer-notify]");
  if (!ask || !window.Notification || Notification.permission !== "default") {
    return;
  }
  ask.hidden = false;
  ask.addEventListener("click", function () {
    Notification.requestPermission().then(function () {
      ask.hidden = true;
    });
  });
}

// After a timer form is recorded, say so beside that timer too (the status is at the top).
document.addEventListener("htmx:afterSwap", function (event) {
  var form = event.detail.requestConfig && event.detail.requestConfig.elt;
  var done = form && form.matches && form.matches("form[data-timer]") &&
    form.querySelector("[data-timer-done]");
  if (done) {
    done.textContent = document.getElementById("diary-status").textContent.trim();
  }
});

function setUpTimers() {
  document.querySelectorAll("form[data-timer]").forEach(setUpTimer);
  setUpNotifications();
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", setUpTimers);
} else {
  setUpTimers();
}
