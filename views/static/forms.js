// Small progressive enhancement of the task forms; every form works without it.
// - [data-show-when="name=v1,v2"]: shown only while the radio `name` has one of the values (never hidden
//   while it holds an error or nothing is chosen yet would hide a field the user needs).
// - [data-count-for="id"]: live character count of a textarea.
// - [data-add-row="recipients"]: adds a blank row in place instead of asking the server for more.
(function () {
  'use strict';

  function checkedValue(form, name) {
    var el = form.querySelector('input[type=radio][name="' + name + '"]:checked');
    return el ? el.value : null;
  }

  function applyVisibility(form) {
    form.querySelectorAll('[data-show-when]').forEach(function (block) {
      var spec = block.getAttribute('data-show-when').split('=');
      var value = checkedValue(form, spec[0]);
      var wanted = spec[1].split(',');
      var show = value === null || wanted.indexOf(value) >= 0 || block.classList.contains('invalid');
      block.hidden = !show;
    });
  }

  document.querySelectorAll('form').forEach(function (form) {
    if (!form.querySelector('[data-show-when]')) return;
    applyVisibility(form);
    form.addEventListener('change', function () { applyVisibility(form); });
  });

  document.querySelectorAll('[data-count-for]').forEach(function (counter) {
    var field = document.getElementById(counter.getAttribute('data-count-for'));
    if (!field) return;
    field.addEventListener('input', function () { counter.textContent = String(field.value.trim().length); });
  });

  document.querySelectorAll('[data-add-row]').forEach(function (button) {
    var container = document.querySelector('[data-rows="' + button.getAttribute('data-add-row') + '"]');
    if (!container) return;
    button.addEventListener('click', function (event) {
      var rows = container.querySelectorAll('[data-row]');
      var last = rows[rows.length - 1];
      if (!last) return;
      event.preventDefault();
      var next = rows.length;
      var copy = last.cloneNode(true);
      copy.setAttribute('data-row', String(next));
      copy.querySelectorAll('.error').forEach(function (e) { e.remove(); });
      copy.querySelectorAll('.invalid').forEach(function (e) { e.classList.remove('invalid'); });
      copy.querySelectorAll('[id], [for], [name], [aria-describedby]').forEach(function (el) {
        ['id', 'for', 'aria-describedby'].forEach(function (a) {
          if (el.hasAttribute(a)) el.setAttribute(a, el.getAttribute(a).replace(/-\d+-/g, '-' + next + '-'));
        });
        if (el.hasAttribute('name')) el.setAttribute('name', el.getAttribute('name').replace(/\[\d+\]/, '[' + next + ']'));
        if (el.tagName === 'INPUT') { el.value = ''; el.removeAttribute('aria-invalid'); el.removeAttribute('aria-describedby'); }
      });
      var legend = copy.querySelector('legend');
      if (legend) legend.textContent = legend.textContent.replace(/\d+/, String(next + 1));
      container.appendChild(copy);
      var first = copy.querySelector('input');
      if (first) first.focus();
    });
  });

  var summary = document.getElementById('errors-summary');
  if (summary) summary.focus();
})();
