/*
 * E-mail intake (/intake/emails): sends a chosen or dropped .eml file as it is, `message/rfc822`, with the
 * page's CSRF token in the x-csrf-token header (the server has no multipart parser). Asked for JSON, the
 * server answers with the new draft's address, or with the reason the file is refused, shown next to the
 * file field. Without this script the file form stays hidden and the pasted-source form is used.
 */
(function () {
  'use strict';

  var form = document.getElementById('eml-upload');
  if (!form || !window.fetch) return;
  var input = document.getElementById('eml-file');
  var error = document.getElementById('eml-file-error');
  var status = document.getElementById('eml-upload-status');
  var drop = document.getElementById('eml-drop');
  var button = form.querySelector('button[type=submit]');
  form.hidden = false;

  function show(message) {
    var field = input.closest('.field');
    if (message) {
      input.setAttribute('aria-invalid', 'true');
      if (field) field.classList.add('invalid');
      error.textContent = message;
      error.hidden = false;
      input.focus();
    } else {
      input.removeAttribute('aria-invalid');
      if (field) field.classList.remove('invalid');
      error.textContent = '';
      error.hidden = true;
    }
  }

  /** What the server's pages say for these, when the answer is a page and not the script's JSON. */
  var REASONS = {
    401: 'Seja je potekla. Prijavite se znova in sporočilo naložite še enkrat.',
    403: 'Obrazec je zastarel ali nimate pravic za prejem e-pošte. Osvežite stran in poskusite znova.',
    413: 'Sporočilo je večje od 25 MB.',
  };

  function busy(on) {
    button.disabled = on;
    status.textContent = on ? 'Nalagam sporočilo …' : '';
  }

  function upload(file) {
    if (!file) return show('Izberite datoteko .eml.');
    if (file.size > 25 * 1024 * 1024) return show('Sporočilo je večje od 25 MB.');
    show(null);
    busy(true);
    var token = form.querySelector('input[name="_csrf"]').value;
    fetch(form.action, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'message/rfc822', 'x-csrf-token': token, accept: 'application/json' },
      body: file,
    }).then(function (res) {
      var json = (res.headers.get('content-type') || '').indexOf('application/json') === 0;
      return (json ? res.json() : Promise.resolve(null)).then(function (body) {
        if (res.ok && body && /^\/intake\/emails\/[^/]+$/.test(String(body.location).split('?')[0])) {
          window.location.assign(body.location);
          return;
        }
        busy(false);
        show((body && body.error && body.error.message) || REASONS[res.status] || 'Nalaganje ni uspelo (' + res.status + ').');
      });
    }).catch(function () {
      busy(false);
      show('Povezava s strežnikom ni uspela; poskusite znova.');
    });
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    upload(input.files && input.files[0]);
  });

  if (drop) {
    ['dragenter', 'dragover'].forEach(function (type) {
      drop.addEventListener(type, function (event) {
        event.preventDefault();
        drop.classList.add('card');
      });
    });
    drop.addEventListener('dragleave', function () { drop.classList.remove('card'); });
    drop.addEventListener('drop', function (event) {
      event.preventDefault();
      drop.classList.remove('card');
      var files = event.dataTransfer && event.dataTransfer.files;
      if (files && files.length) upload(files[0]);
    });
  }
})();
