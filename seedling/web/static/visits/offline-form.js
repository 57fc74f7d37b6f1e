// Forms that survive a dropped connection. What is typed is kept in localStorage while
// typing and put back when the page loads again; the hidden client_token is kept with it, so sending
// the same visit again after a lost answer is recognised by the server and makes no second visit.
// The entry is cleared when the next page names the token as saved. No library, no network.
(function () {
  "use strict";
  var PREFIX = "seedling:";
  var MAX_AGE = 24 * 3600 * 1000;
  function store() { try { return window.localStorage; } catch (e) { return null; } }
  var ls = store();
  if (!ls) return;

  // A page after a successful save names the token: drop the kept copy holding it.
  var saved = document.querySelector("[data-saved-token]");
  var token = saved && saved.getAttribute("data-saved-token");
  if (token) {
    for (var i = ls.length - 1; i >= 0; i--) {
      var k = ls.key(i);
      if (k && k.indexOf(PREFIX) === 0 && (ls.getItem(k) || "").indexOf(token) !== -1) ls.removeItem(k);
    }
  }

  Array.prototype.forEach.call(document.querySelectorAll("form[data-offline-key]"), function (form) {
    var key = PREFIX + form.getAttribute("data-offline-key");
    var fields = function () { return form.querySelectorAll("input[name], textarea[name], select[name]"); };
    function snapshot() {
      var data = {};
      Array.prototype.forEach.call(fields(), function (el) {
        if (el.name === "csrfmiddlewaretoken") return;
        if (el.type === "checkbox" || el.type === "radio") {
          if (!data[el.name]) data[el.name] = [];
          if (el.checked) data[el.name].push(el.value);
        } else {
          data[el.name] = el.value;
        }
      });
      data._at = Date.now();
      try { ls.setItem(key, JSON.stringify(data)); } catch (e) { /* storage full: nothing to do */ }
    }
    function restore() {
      var raw = ls.getItem(key);
      if (!raw) return;
      var data;
      try { data = JSON.parse(raw); } catch (e) { ls.removeItem(key); return; }
      // A copy older than a day belongs to another visit (its answer was lost): start afresh.
      if (!data._at || Date.now() - data._at > MAX_AGE) { ls.removeItem(key); return; }
      Array.prototype.forEach.call(fields(), function (el) {
        if (!(el.name in data)) return;
        var v = data[el.name];
        if (el.type === "checkbox" || el.type === "radio") el.checked = v.indexOf(el.value) !== -1;
        else if (el.name !== "csrfmiddlewaretoken") el.value = v;
      });
      form.setAttribute("data-restored", "1");
    }
    restore();
    form.addEventListener("input", snapshot);
    form.addEventListener("change", snapshot);
    form.addEventListener("submit", function (ev) {
      snapshot();
      var note = form.querySelector(".offline-note");
      if (!navigator.onLine) {
        ev.preventDefault();
        if (note) note.hidden = false;
        return;
      }
      // One tap, one request: the server would answer a second one with the same visit anyway.
      var button = form.querySelector("button[type=submit]");
      if (button) setTimeout(function () { button.disabled = true; }, 0);
    });
    window.addEventListener("pageshow", function () {
      var button = form.querySelector("button[type=submit]");
      if (button) button.disabled = false;
    });
  });
})();
