// Fill birth date and sex from the ID number as it is typed (GB 11643: digits 7-14 = birth date,
// digit 17 odd = male). The server checks everything again; this only saves typing on a phone.
(function () {
  "use strict";
  var input = document.querySelector("input[data-id-number]");
  if (!input) return;
  var birth = document.getElementById("id_birth_date");
  var sex = document.getElementById("id_sex");
  var FULL = /[\uFF10-\uFF19\uFF38\uFF58]/g;
  function normalise(v) {
    return v.replace(FULL, function (c) { return String.fromCharCode(c.charCodeAt(0) - 0xFEE0); })
            .replace(/[\s-]/g, "").toUpperCase();
  }
  function fill() {
    var v = normalise(input.value);
    if (v.length < 14 || !/^\d{14}/.test(v)) return;
    var y = v.substr(6, 4), m = v.substr(10, 2), d = v.substr(12, 2);
    var date = new Date(y + "-" + m + "-" + d + "T00:00:00");
    if (isNaN(date.getTime()) || date.getMonth() + 1 !== Number(m)) return;
    if (birth && !birth.dataset.touched) birth.value = y + "-" + m + "-" + d;
    if (sex && v.length >= 17 && !sex.dataset.touched) sex.value = Number(v.charAt(16)) % 2 ? "male" : "female";
  }
  [birth, sex].forEach(function (el) {
    if (el) el.addEventListener("change", function () { el.dataset.touched = "1"; });
  });
  input.addEventListener("input", fill);
  fill();
})();
