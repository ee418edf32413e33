// Each step of the check-up gets its own address (/check?step=3) in the browser's history, and
// the history entry holds the check-up itself, so the browser's Back button shows the previous
// step and a reload picks up where the person was. Nothing about the check-up is kept on the
// server: the session travels in the page (the header's region form carries it on every step)
// and in the browser's own history. Without JavaScript every step is still an ordinary form
// post, and the browser's Back and reload work on those.
"use strict";

(function () {
  function current() {
    var main = document.getElementById("main");
    var field = document.querySelector("#sos input[name=state]");
    if (!main || !field || !main.hasAttribute("data-checkup-step")) {
      return null;
    }
    var section = main.querySelector("[data-step]");
    var step = main.getAttribute("data-checkup-step") === "result"
      ? "result" : (section ? section.getAttribute("data-step") : "1");
    return {checkup: field.value, step: step};
  }

  function record(replace) {
    var here = current();
    if (!here) {
      return;
    }
    var url = "/check?step=" + here.step;
    var same = history.state && history.state.checkup === here.checkup;
    if (replace || same) {
      history.replaceState(here, "", url);
    } else {
      history.pushState(here, "", url);
    }
  }

  // Show the step a history entry holds. The entry already holds it, so the answer adds
  // nothing to the history (the server marks it data-restored).
  function show(saved) {
    var token = document.querySelector("input[name=csrf_token]");
    htmx.ajax("POST", "/check", {
      target: "#main",
      swap: "outerHTML show:window:top",
      values: {state: saved.checkup, action: "show", csrf_token: token ? token.value : ""}
    });
  }

  document.addEventListener("htmx:load", function (event) {
    var main = event.detail.elt;
    if (main.id !== "main") {
      return;
    }
    if (!main.hasAttribute("data-restored")) {
      record(false);
      return;
    }
    // Back and Forward pressed quickly: a late answer may be for an entry already left.
    var here = current();
    if (here && history.state && history.state.checkup &&
        history.state.checkup !== here.checkup) {
      show(history.state);
    }
  });

  window.addEventListener("popstate", function (event) {
    if (event.state && event.state.checkup) {
      show(event.state);
    }
  });

  function start() {
    var main = document.getElementById("main");
    if (main && main.hasAttribute("data-checkup-resume")) {
      if (history.state && history.state.checkup) {
        show(history.state);
      } else {
        location.replace("/check");
      }
      return;
    }
    record(true);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
