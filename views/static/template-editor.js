/*
 * Letter template editor (/templates/:name): a live preview on the sample case as the text is typed,
 * the template policy's issues beside the editor (each with its line and column; a click puts the cursor
 * there), and the cursor's line and column under the textarea. The server decides everything: this only
 * asks /templates/:name/preview (with the session and the CSRF header) and shows the answer. Without
 * JavaScript the "Predogled" button does the same through the form.
 */
(function () {
  'use strict';

  var form = document.getElementById('template-form');
  var source = document.getElementById('source');
  if (!form || !source) return;
  var frame = document.getElementById('preview');
  var state = document.getElementById('preview-state');
  var kindTitle = document.getElementById('preview-kind');
  var issuesBox = document.getElementById('source-issues');
  var issueBox = document.getElementById('issue-box');
  var issueList = document.getElementById('issue-list');
  var okLine = document.getElementById('source-ok');
  var caret = document.getElementById('caret');
  var sample = document.getElementById('sample');
  var kind = document.getElementById('kind');
  var csrf = form.querySelector('input[name="_csrf"]').value;
  var url = form.getAttribute('data-preview-url');
  var timer = null;
  var sent = 0;

  function setState(name, text) {
    state.setAttribute('data-state', name);
    state.textContent = text;
  }

  /** Put the cursor at a line and column of the textarea and scroll it into view. */
  function goTo(line, column) {
    var lines = source.value.split('\n');
    var offset = 0;
    for (var i = 0; i < line - 1 && i < lines.length; i++) offset += lines[i].length + 1;
    offset += Math.max(0, (column || 1) - 1);
    source.focus();
    source.setSelectionRange(offset, offset);
    var lineHeight = parseFloat(window.getComputedStyle(source).lineHeight) || 20;
    source.scrollTop = Math.max(0, (line - 3) * lineHeight);
    showCaret();
  }

  function showCaret() {
    var before = source.value.slice(0, source.selectionStart);
    var line = before.split('\n').length;
    var column = before.length - before.lastIndexOf('\n');
    caret.textContent = 'Vrstica ' + line + ', stolpec ' + column;
  }

  function showIssues(issues) {
    while (issueList.firstChild) issueList.removeChild(issueList.firstChild);
    issues.forEach(function (i) {
      var li = document.createElement('li');
      li.className = 'error';
      var a = document.createElement('a');
      a.href = '#source';
      a.setAttribute('data-line', String(i.line));
      a.setAttribute('data-column', String(i.column));
      a.textContent = i.text;
      li.appendChild(a);
      issueList.appendChild(li);
    });
    var bad = issues.length > 0;
    issueBox.hidden = !bad;
    okLine.hidden = bad;
    issuesBox.setAttribute('data-state', bad ? 'issues' : 'ok');
    if (bad) source.setAttribute('aria-invalid', 'true'); else source.removeAttribute('aria-invalid');
  }

  function preview() {
    var seq = ++sent;
    var body = new URLSearchParams();
    body.set('_csrf', csrf);
    body.set('source', source.value);
    if (sample) body.set('sample', sample.value);
    if (kind) body.set('kind', kind.value);
    setState('loading', 'Osvežujem predogled …');
    fetch(url, { method: 'POST', headers: { 'x-csrf-token': csrf, accept: 'application/json' }, body: body, credentials: 'same-origin' })
      .then(function (res) {
        if (res.status === 401 || res.status === 403) throw new Error('Seja je potekla; prijavite se znova.');
        return res.json();
      })
      .then(function (answer) {
        if (seq !== sent) return; // a newer request is on its way
        showIssues(answer.issues || []);
        if (answer.kindTitle && kindTitle) kindTitle.textContent = answer.kindTitle;
        if (answer.html) {
          frame.srcdoc = answer.html;
          frame.style.opacity = '';
          setState('ok', 'Predogled ustreza besedilu v urejevalniku.');
        } else {
          // The last good preview stays, greyed: it no longer shows the text in the editor.
          frame.style.opacity = '0.35';
          setState('issues', 'Predogled ni osvežen: predloga krši pravila (glejte seznam pod urejevalnikom).');
        }
      })
      .catch(function (err) {
        if (seq !== sent) return;
        setState('error', 'Predogleda ni bilo mogoče osvežiti: ' + (err && err.message ? err.message : 'napaka omrežja') + '.');
      });
  }

  function later() {
    if (timer) clearTimeout(timer);
    timer = setTimeout(preview, 350);
    setState('pending', 'Besedilo je spremenjeno; predogled se osveži …');
  }

  source.addEventListener('input', later);
  source.addEventListener('keyup', showCaret);
  source.addEventListener('click', showCaret);
  if (sample) sample.addEventListener('change', preview);
  if (kind) kind.addEventListener('change', preview);

  // Issue links (beside the editor and in the summary above it) put the cursor where the issue is.
  document.addEventListener('click', function (e) {
    var a = e.target && e.target.closest ? e.target.closest('a[data-line]') : null;
    if (!a) return;
    e.preventDefault();
    goTo(Number(a.getAttribute('data-line')), Number(a.getAttribute('data-column')));
  });

  // With the script the preview is live; the form's own "Predogled" button stays for keyboards and habits.
  document.getElementById('preview-button').addEventListener('click', function (e) {
    e.preventDefault();
    preview();
  });
  form.setAttribute('data-live', 'true');
})();
