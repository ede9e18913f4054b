/*
 * Intake form (/requests/new): identifiers checked as they are typed, the mailbox shown only for e-mail,
 * a warning for an in-person filing outside office hours. The checks are ports of src/domain/identifiers.ts
 * with the same Slovenian messages; the server checks everything again (this only saves a round trip).
 */
(function () {
  'use strict';

  function daysInMonth(y, m) {
    return new Date(Date.UTC(y, m, 0)).getUTCDate();
  }

  function weightedSum(digits, weights) {
    var s = 0;
    for (var i = 0; i < weights.length; i++) s += weights[i] * Number(digits[i]);
    return s;
  }

  /** EMŠO: DDMMLLLRRZZZK; a real birth date; mod 11 with weights 7..2,7..2; remainder 1 is never assigned. */
  function checkEmso(value) {
    var v = value.trim();
    if (!/^\d{13}$/.test(v)) return 'EMŠO mora imeti 13 števk.';
    var d = Number(v.slice(0, 2)), m = Number(v.slice(2, 4)), lll = Number(v.slice(4, 7));
    var y = lll < 800 ? 2000 + lll : 1000 + lll;
    if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return 'Prvih sedem števk EMŠO ni veljaven datum rojstva.';
    var r = weightedSum(v, [7, 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) % 11;
    if (r === 1) return 'Kontrolna številka EMŠO ni pravilna.';
    var k = r === 0 ? 0 : 11 - r;
    return Number(v[12]) === k ? null : 'Kontrolna številka EMŠO ni pravilna.';
  }

  /** Davčna številka: 8 digits, first not 0; weights 8..2; r = 0 invalid, r = 1 gives check digit 0. */
  function checkTax(value) {
    var v = value.trim();
    if (!/^\d{8}$/.test(v)) return 'Davčna številka mora imeti 8 števk.';
    if (v[0] === '0') return 'Davčna številka se ne začne z 0.';
    var r = weightedSum(v, [8, 7, 6, 5, 4, 3, 2]) % 11;
    if (r === 0) return 'Kontrolna številka davčne številke ni pravilna.';
    var k = r === 1 ? 0 : 11 - r;
    return Number(v[7]) === k ? null : 'Kontrolna številka davčne številke ni pravilna.';
  }

  /** ZZZS number: 9 digits, no public check digit. */
  function checkZzzs(value) {
    return /^\d{9}$/.test(value.trim()) ? null : 'Številka ZZZS mora imeti 9 števk.';
  }

  var CHECKS = {
    emso: { check: checkEmso, length: 13 },
    tax: { check: checkTax, length: 8 },
    zzzs: { check: checkZzzs, length: 9 },
  };

  function show(input, message) {
    var box = document.getElementById(input.id + '-error');
    var field = input.closest('.field');
    if (message) {
      input.setAttribute('aria-invalid', 'true');
      if (field) field.classList.add('invalid');
      if (box) { box.textContent = message; box.hidden = false; }
    } else {
      input.removeAttribute('aria-invalid');
      if (field) field.classList.remove('invalid');
      if (box) { box.textContent = ''; box.hidden = true; }
    }
  }

  /**
   * While typing, say something only when it is already certain: a character that is not a digit, or a
   * number of full length that fails its check. On leaving the field, a short number is reported too.
   */
  function validate(input, leaving) {
    var spec = CHECKS[input.getAttribute('data-check')];
    if (!spec) return;
    var v = input.value.trim();
    if (v === '') return show(input, null);
    if (/\D/.test(v)) return show(input, spec.check(v));
    if (v.length < spec.length && !leaving) return show(input, null);
    show(input, spec.check(v));
  }

  var inputs = document.querySelectorAll('input[data-check]');
  for (var i = 0; i < inputs.length; i++) {
    (function (input) {
      input.addEventListener('input', function () { validate(input, false); });
      input.addEventListener('blur', function () { validate(input, true); });
    })(inputs[i]);
  }

  // Office hours (S1.1) without holidays: the server decides with the legal calendar and flags the case.
  var OFFICE_HOURS = { 1: [[480, 720], [780, 900]], 2: [[480, 720], [780, 900]], 3: [[480, 720], [780, 1020]], 5: [[480, 780]] };

  function channel() {
    var c = document.querySelector('input[name="channel"]:checked');
    return c ? c.value : '';
  }

  function outsideOfficeHours() {
    var date = document.getElementById('receivedAt');
    var time = document.getElementById('receivedAt-time');
    if (!date || !time) return false;
    var d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date.value);
    var t = /^(\d{2}):(\d{2})/.exec(time.value);
    if (!d || !t) return false;
    var weekday = new Date(Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]))).getUTCDay();
    var minutes = Number(t[1]) * 60 + Number(t[2]);
    var hours = OFFICE_HOURS[weekday] || [];
    for (var i = 0; i < hours.length; i++) if (minutes >= hours[i][0] && minutes < hours[i][1]) return false;
    return true;
  }

  function update() {
    var c = channel();
    var mailbox = document.getElementById('mailbox-field');
    // Without a choice yet the mailbox stays visible: nothing is hidden that might be needed.
    if (mailbox) mailbox.hidden = c !== '' && c !== 'email';
    var warning = document.getElementById('office-hours-warning');
    if (warning) warning.hidden = !(c === 'in_person' && outsideOfficeHours());
  }

  var form = document.getElementById('intake-form');
  if (form) {
    form.addEventListener('change', update);
    form.addEventListener('input', function (e) {
      if (e.target && (e.target.id === 'receivedAt' || e.target.id === 'receivedAt-time')) update();
    });
    update();
  }

  var summary = document.getElementById('errors');
  if (summary) {
    summary.setAttribute('tabindex', '-1');
    summary.focus();
  }
})();
