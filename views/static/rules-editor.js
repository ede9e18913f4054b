/*
 * The structured rules editor (/rules/:name, issue 7 item 3). The raw-JSON field (#rule-json) stays the one
 * source the form submits: every change here rewrites it, and typing in it redraws the rows. Conditions are
 * rows "fact — operator — value" in all/any groups (nested one level); deeper or `not` nodes are kept as
 * they are and edited in JSON. The test bench and the saved tests run on the server against the EDITED
 * rule set (POST /rules/:name/bench and /check with the session and the x-csrf-token header). Without this
 * script the page still shows everything and deploys the raw JSON.
 */
(function () {
  'use strict';

  var root = document.getElementById('structured-editor');
  var textarea = document.getElementById('rule-json');
  var form = document.getElementById('rule-form');
  if (!root || !textarea || !form) return;
  var spec = JSON.parse(root.getAttribute('data-spec') || '{}');
  var name = root.getAttribute('data-name');
  var csrf = form.querySelector('input[name="_csrf"]').value;
  var testsEditor = document.getElementById('tests-editor');
  var jsonError = document.getElementById('json-error');
  var model = null;
  var results = [];
  var checkTimer = null;
  var checkSeq = 0;

  // ---------------------------------------------------------------- small helpers

  function el(tag, attrs, kids) {
    var n = document.createElement(tag);
    var value;
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (v === null || v === undefined || v === false) return;
      if (k === 'text') n.textContent = v;
      else if (k === 'value') value = v;
      else if (k.indexOf('on') === 0) n.addEventListener(k.slice(2), v);
      else n.setAttribute(k, v === true ? '' : String(v));
    });
    (kids || []).forEach(function (c) {
      if (c === null || c === undefined || c === false) return;
      n.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    if (value !== undefined) n.value = value;
    return n;
  }

  function button(text, onclick, extra) {
    var attrs = { type: 'button', class: 'secondary small', text: text, onclick: onclick };
    Object.keys(extra || {}).forEach(function (k) { attrs[k] = extra[k]; });
    return el('button', attrs);
  }

  function options(list, selected) {
    return list.map(function (o) {
      return el('option', { value: String(o.value), text: o.label, selected: String(o.value) === String(selected) });
    });
  }

  function post(path, body) {
    return fetch('/rules/' + encodeURIComponent(name) + path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrf, accept: 'application/json' },
      body: JSON.stringify(body),
    }).then(function (res) {
      if (!res.ok) throw new Error('Strežnik je odgovoril ' + res.status + '.');
      return res.json();
    });
  }

  // ---------------------------------------------------------------- facts and values

  /** The facts of the (edited) schema: kind, allowed values. A port of src/web/rules/editing.ts factSpecs. */
  function facts() {
    var schema = (model && model.factsSchema) || {};
    var props = schema.properties || {};
    return Object.keys(props).map(function (f) {
      var p = props[f] || {};
      var kind = 'other', values = [];
      if (Array.isArray(p.enum)) { kind = 'enum'; values = p.enum; }
      else if (p.type === 'boolean') { kind = 'boolean'; values = [true, false]; }
      else if (p.type === 'integer' || p.type === 'number' || p.type === 'string') kind = p.type;
      else if (p.type === 'array') { kind = 'list'; values = (p.items && Array.isArray(p.items.enum)) ? p.items.enum : []; }
      return { name: f, kind: kind, values: values };
    });
  }

  function factOf(f) {
    var all = facts();
    for (var i = 0; i < all.length; i++) if (all[i].name === f) return all[i];
    return { name: f, kind: 'other', values: [], unknown: true };
  }

  function operatorsFor(kind) {
    return (spec.byKind && spec.byKind[kind]) || Object.keys(spec.operators || {});
  }

  var isListOperator = function (op) { return op === 'in' || op === 'notIn'; };

  function coerce(kind, text) {
    var t = String(text).trim();
    if (kind === 'integer' || kind === 'number') { var n = Number(t.replace(',', '.')); return t !== '' && isFinite(n) ? n : t; }
    if (kind === 'boolean') return t === 'true' ? true : t === 'false' ? false : t;
    if (kind === 'other') { try { return JSON.parse(t); } catch (e) { return t; } }
    return t;
  }

  function defaultValue(fact, op) {
    if (isListOperator(op)) return [];
    if (fact.kind === 'boolean') return true;
    if (fact.kind === 'integer' || fact.kind === 'number') return 0;
    if (fact.values.length) return fact.values[0];
    return '';
  }

  function display(v) {
    if (Array.isArray(v)) return v.map(String).join(', ');
    if (v === true) return 'da';
    if (v === false) return 'ne';
    return v === undefined || v === null ? '' : String(v);
  }

  // ---------------------------------------------------------------- the model ↔ the JSON field

  function sync(structural) {
    textarea.value = JSON.stringify(model, null, 2);
    if (structural) { renderRules(); renderTests(); renderExpectChoices(); }
    scheduleCheck();
  }

  function fromText(showErrors) {
    try {
      var parsed = JSON.parse(textarea.value);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('nabor pravil mora biti objekt');
      model = parsed;
      if (!Array.isArray(model.rules)) model.rules = [];
      if (!Array.isArray(model.tests)) model.tests = [];
      jsonError.hidden = true;
      jsonError.textContent = '';
      root.classList.remove('stale');
      return true;
    } catch (e) {
      if (showErrors) {
        jsonError.textContent = 'Besedilo ni veljaven JSON (' + e.message + '). Vrstice zgoraj kažejo zadnje veljavno stanje.';
        jsonError.hidden = false;
      }
      return false;
    }
  }

  // ---------------------------------------------------------------- conditions

  function valueInput(node, fact, onChange) {
    var op = node.operator;
    var label = 'Vrednost';
    if (isListOperator(op)) {
      return el('input', {
        type: 'text', class: 'cond-value', 'aria-label': label + ' (več vrednosti, ločenih z vejico)', placeholder: fact.values.length ? fact.values.map(display).join(', ') : 'a, b, c',
        value: Array.isArray(node.value) ? node.value.map(String).join(', ') : display(node.value),
        oninput: function (e) {
          node.value = e.target.value.split(',').map(function (x) { return x.trim(); }).filter(Boolean).map(function (x) { return coerce(fact.kind === 'list' ? 'string' : fact.kind, x); });
          onChange();
        },
      });
    }
    var choices = fact.kind === 'boolean' ? [true, false] : fact.values;
    if (choices.length && (fact.kind === 'boolean' || fact.kind === 'enum' || fact.kind === 'list')) {
      var list = choices.slice();
      if (list.map(String).indexOf(String(node.value)) < 0) list.push(node.value);
      return el('select', {
        class: 'cond-value', 'aria-label': label,
        onchange: function (e) {
          var picked = list.filter(function (v) { return String(v) === e.target.value; })[0];
          node.value = picked;
          onChange();
        },
      }, options(list.map(function (v) { return { value: String(v), label: display(v) }; }), String(node.value)));
    }
    var numeric = fact.kind === 'integer' || fact.kind === 'number';
    return el('input', {
      type: numeric ? 'number' : 'text', step: fact.kind === 'integer' ? '1' : numeric ? 'any' : null, class: 'cond-value', 'aria-label': label,
      value: typeof node.value === 'object' && node.value !== null ? JSON.stringify(node.value) : display(node.value),
      oninput: function (e) {
        node.value = coerce(fact.kind, e.target.value);
        e.target.closest('.cond-row').classList.toggle('invalid', numeric && typeof node.value !== 'number');
        onChange();
      },
    });
  }

  function conditionRow(node, onRemove) {
    var fact = factOf(node.fact);
    var known = facts();
    var factChoices = known.map(function (f) { return { value: f.name, label: f.name }; });
    if (fact.unknown) factChoices.push({ value: node.fact, label: node.fact + ' (ni v shemi)' });
    var ops = operatorsFor(fact.kind).slice();
    if (ops.indexOf(node.operator) < 0) ops.push(node.operator);
    var row = el('div', { class: 'cond-row', 'data-fact': node.fact });
    var redraw = function () { row.parentNode.replaceChild(conditionRow(node, onRemove), row); };
    row.appendChild(el('select', {
      class: 'cond-fact', 'aria-label': 'Dejstvo',
      onchange: function (e) {
        node.fact = e.target.value;
        var f = factOf(node.fact);
        if (operatorsFor(f.kind).indexOf(node.operator) < 0) node.operator = operatorsFor(f.kind)[0];
        node.value = defaultValue(f, node.operator);
        redraw();
        sync();
      },
    }, options(factChoices, node.fact)));
    row.appendChild(el('select', {
      class: 'cond-operator', 'aria-label': 'Operator',
      onchange: function (e) {
        var wasList = isListOperator(node.operator);
        node.operator = e.target.value;
        if (wasList !== isListOperator(node.operator)) {
          node.value = isListOperator(node.operator) ? (node.value === '' || node.value === undefined ? [] : [node.value]) : (Array.isArray(node.value) && node.value.length ? node.value[0] : defaultValue(fact, node.operator));
        }
        redraw();
        sync();
      },
    }, options(ops.map(function (o) { return { value: o, label: (spec.operators && spec.operators[o]) || o }; }), node.operator)));
    row.appendChild(valueInput(node, fact, function () { sync(); }));
    row.appendChild(button('Odstrani', onRemove, { 'aria-label': 'Odstrani pogoj ' + node.fact, class: 'secondary small remove-condition' }));
    return row;
  }

  var groupKey = function (node) { return node && Array.isArray(node.all) ? 'all' : node && Array.isArray(node.any) ? 'any' : null; };
  var isLeaf = function (node) { return node && typeof node.fact === 'string'; };

  function newCondition() {
    var f = facts()[0] || { name: '', kind: 'other', values: [] };
    var op = operatorsFor(f.kind)[0];
    return { fact: f.name, operator: op, value: defaultValue(f, op) };
  }

  /** A group (all/any) and its items; nested groups one level deep, anything else shown as JSON. */
  function groupBox(holder, depth, onRemoveGroup) {
    var key = groupKey(holder);
    var box = el('div', { class: 'group-box', 'data-depth': depth });
    var select = el('select', {
      class: 'group-kind', 'aria-label': depth === 0 ? 'Pravilo velja, ko so izpolnjeni' : 'Skupina velja, ko so izpolnjeni',
      onchange: function (e) {
        var items = holder[key];
        delete holder[key];
        holder[e.target.value] = items;
        sync(true);
      },
    }, options([{ value: 'all', label: spec.groups.all }, { value: 'any', label: spec.groups.any }], key));
    box.appendChild(el('div', { class: 'group-head' }, [el('span', { text: depth === 0 ? 'Velja, ko so izpolnjeni:' : 'Skupina:' }), select,
      onRemoveGroup ? button('Odstrani skupino', onRemoveGroup, { class: 'secondary small remove-group' }) : null]));
    var items = holder[key];
    items.forEach(function (item, i) {
      var remove = function () { items.splice(i, 1); sync(true); };
      if (isLeaf(item)) box.appendChild(conditionRow(item, remove));
      else if (groupKey(item) && depth === 0 && item[groupKey(item)].every(isLeaf)) box.appendChild(groupBox(item, 1, remove));
      else {
        box.appendChild(el('div', { class: 'raw-node' }, [
          el('span', { text: 'Ta del pogojev uredite v JSON spodaj: ' + JSON.stringify(item) + ' ' }),
          button('Odstrani', remove),
        ]));
      }
    });
    var actions = el('div', { class: 'actions' }, [
      button('+ pogoj', function () { items.push(newCondition()); sync(true); }, { class: 'secondary small add-condition' }),
      depth === 0 ? button('+ skupina pogojev', function () { items.push({ any: [newCondition()] }); sync(true); }, { class: 'secondary small add-group' }) : null,
    ]);
    box.appendChild(actions);
    return box;
  }

  // ---------------------------------------------------------------- rules

  function paramRows(rule) {
    var wrap = el('div', { class: 'params' });
    var params = rule.event.params || {};
    Object.keys(params).forEach(function (k) {
      var isText = typeof params[k] === 'string';
      wrap.appendChild(el('div', { class: 'param-row' }, [
        el('input', {
          type: 'text', 'aria-label': 'Ime parametra', value: k,
          onchange: function (e) {
            var next = {};
            Object.keys(params).forEach(function (x) { next[x === k ? e.target.value.trim() || k : x] = params[x]; });
            rule.event.params = next;
            sync(true);
          },
        }),
        el('input', {
          type: 'text', 'aria-label': 'Vrednost parametra ' + k, value: isText ? params[k] : JSON.stringify(params[k]),
          oninput: function (e) {
            if (isText) params[k] = e.target.value;
            else { try { params[k] = JSON.parse(e.target.value); } catch (err) { params[k] = e.target.value; } }
            sync();
          },
        }),
        button('Odstrani', function () { delete params[k]; if (!Object.keys(params).length) delete rule.event.params; sync(true); }, { 'aria-label': 'Odstrani parameter ' + k }),
      ]));
    });
    wrap.appendChild(el('div', { class: 'param-row' }, [button('+ parameter', function () {
      rule.event.params = rule.event.params || {};
      var n = 1;
      while (('parameter' + n) in rule.event.params) n++;
      rule.event.params['parameter' + n] = '';
      sync(true);
    })]));
    return wrap;
  }

  function ruleEditor(rule, i) {
    if (!rule.event || typeof rule.event !== 'object') rule.event = { type: '' };
    var box = el('fieldset', { class: 'rule-editor', 'data-rule-index': i, 'data-rule-name': rule.name });
    box.appendChild(el('legend', { text: 'Pravilo ' + (i + 1) + ': ' + (rule.name || '') }));
    box.appendChild(el('div', { class: 'rule-head' }, [
      el('label', {}, [el('span', { class: 'small-label', text: 'Ime pravila' }), el('input', {
        type: 'text', class: 'rule-name', value: rule.name || '',
        oninput: function (e) { rule.name = e.target.value; box.setAttribute('data-rule-name', rule.name); box.querySelector('legend').textContent = 'Pravilo ' + (i + 1) + ': ' + rule.name; sync(); },
      })]),
      el('label', {}, [el('span', { class: 'small-label', text: 'Prednost' }), el('input', {
        type: 'number', min: '1', step: '1', class: 'rule-priority', value: rule.priority === undefined ? '' : String(rule.priority),
        oninput: function (e) { var n = Number(e.target.value); if (e.target.value === '' || !isFinite(n)) delete rule.priority; else rule.priority = n; sync(); },
      })]),
      button('Odstrani pravilo', function () { model.rules.splice(i, 1); sync(true); }, { class: 'secondary small remove-rule' }),
    ]));
    if (groupKey(rule.conditions)) box.appendChild(groupBox(rule.conditions, 0, null));
    else box.appendChild(el('div', { class: 'raw-node', text: 'Pogoje tega pravila uredite v JSON spodaj: ' + JSON.stringify(rule.conditions) }));
    box.appendChild(el('div', { class: 'event-row' }, [
      el('span', { text: 'Dogodek' }),
      el('input', { type: 'text', class: 'event-type', 'aria-label': 'Vrsta dogodka', value: rule.event.type || '', oninput: function (e) { rule.event.type = e.target.value; sync(); }, onchange: function () { renderExpectChoices(); } }),
    ]));
    box.appendChild(paramRows(rule));
    return box;
  }

  function renderRules() {
    root.textContent = '';
    root.appendChild(el('label', { class: 'rule-set-description' }, [el('span', { class: 'small-label', text: 'Opis nabora (za ljudi: kaj odloča in po katerih členih)' }), el('textarea', {
      rows: '3', class: 'description', value: typeof model.description === 'string' ? model.description : '',
      oninput: function (e) { model.description = e.target.value; sync(); },
    })]));
    model.rules.forEach(function (rule, i) { root.appendChild(ruleEditor(rule, i)); });
    root.appendChild(el('div', { class: 'actions' }, [button('+ Dodaj pravilo', function () {
      model.rules.push({ name: 'novo pravilo ' + (model.rules.length + 1), conditions: { all: [newCondition()] }, event: { type: 'nov-dogodek' } });
      sync(true);
    }, { class: 'secondary add-rule' })]));
  }

  // ---------------------------------------------------------------- saved tests

  function eventTypes() {
    var seen = {};
    var out = [];
    var add = function (t) { if (t && !seen[t]) { seen[t] = true; out.push(t); } };
    model.rules.forEach(function (r) { add(r.event && r.event.type); });
    model.tests.forEach(function (t) { (t.expectEvents || []).forEach(add); });
    return out;
  }

  function renderExpectChoices() {
    var box = document.getElementById('expect-choices');
    if (!box) return;
    var checked = {};
    box.querySelectorAll('input[name="expect"]').forEach(function (c) { checked[c.value] = c.checked; });
    box.textContent = '';
    eventTypes().forEach(function (t) {
      box.appendChild(el('label', { class: 'inline-choice' }, [el('input', { type: 'checkbox', name: 'expect', value: t, 'data-expect': t, checked: checked[t] }), ' ', el('code', { text: t })]));
    });
  }

  function renderTests() {
    testsEditor.textContent = '';
    testsEditor.classList.add('tests-editor');
    testsEditor.appendChild(el('div', { class: 'test-row test-head', 'aria-hidden': 'true' }, ['Testni primer', 'Dejstva (JSON)', 'Pričakovani dogodki', 'Izid', ''].map(function (h) { return el('span', { text: h }); })));
    var types = eventTypes();
    model.tests.forEach(function (t, i) {
      var result = results[i];
      var row = el('div', { class: 'test-row' + (result && !result.passed ? ' test-failed' : ''), 'data-test-index': i, 'data-test': t.name });
      row.appendChild(el('textarea', { rows: '2', class: 'test-name', 'aria-label': 'Ime testnega primera ' + (i + 1), value: t.name, oninput: function (e) { t.name = e.target.value; row.setAttribute('data-test', t.name); sync(); } }));
      row.appendChild(el('textarea', {
        class: 'test-facts', 'aria-label': 'Dejstva testnega primera ' + t.name, rows: '3', value: JSON.stringify(t.facts),
        oninput: function (e) {
          try { var f = JSON.parse(e.target.value); if (f && typeof f === 'object' && !Array.isArray(f)) { t.facts = f; e.target.removeAttribute('aria-invalid'); sync(); } else throw new Error(); } catch (err) { e.target.setAttribute('aria-invalid', 'true'); }
        },
      }));
      var expects = el('div', { class: 'test-expect' });
      types.forEach(function (type) {
        expects.appendChild(el('label', { class: 'inline-choice' }, [el('input', {
          type: 'checkbox', 'data-test-expect': type, checked: (t.expectEvents || []).indexOf(type) >= 0, 'aria-label': 'Testni primer ' + t.name + ' pričakuje ' + type,
          onchange: function (e) {
            var list = (t.expectEvents || []).filter(function (x) { return x !== type; });
            // A rule set may be expected to fire the same event twice (completeness: two gaps): keep the count when ticking again.
            var before = (t.expectEvents || []).filter(function (x) { return x === type; }).length;
            if (e.target.checked) for (var n = 0; n < Math.max(1, before); n++) list.push(type);
            t.expectEvents = list;
            sync();
          },
        }), ' ', el('code', { text: type })]));
      });
      row.appendChild(expects);
      var status = el('div', { class: 'test-status', 'aria-live': 'polite' });
      if (result) {
        status.appendChild(el('span', { class: 'badge ' + (result.passed ? 'ok' : 'failed-text'), text: result.passed ? 'uspe' : 'ne uspe' }));
        if (!result.passed) status.appendChild(el('small', { class: 'hint', text: ' dobljeno: ' + (result.got.join(', ') || 'nobenega') + (result.error ? ' — ' + result.error : '') }));
      }
      row.appendChild(status);
      row.appendChild(el('div', {}, [
        button('V preizkus', function () { loadIntoBench(t); }),
        ' ',
        button('Odstrani', function () { model.tests.splice(i, 1); results.splice(i, 1); sync(true); }, { 'aria-label': 'Odstrani testni primer ' + t.name }),
      ]));
      testsEditor.appendChild(row);
    });
    if (!model.tests.length) testsEditor.appendChild(el('p', { class: 'hint', text: 'Ta nabor še nima testnih primerov. Dodajte jih s preizkusom spodaj.' }));
  }

  // ---------------------------------------------------------------- checking on the server

  function scheduleCheck() {
    clearTimeout(checkTimer);
    checkTimer = setTimeout(runCheck, 350);
  }

  function runCheck() {
    clearTimeout(checkTimer);
    var mine = ++checkSeq;
    root.setAttribute('data-checking', 'true');
    return post('/check', { ruleSet: model }).then(function (r) {
      if (mine !== checkSeq) return;
      results = [];
      r.tests.forEach(function (t) { results[t.index] = t; });
      renderTests();
      var summary = document.getElementById('tests-summary');
      summary.setAttribute('data-failing', String(r.failing));
      summary.textContent = '';
      if (!r.tests.length && r.issues.length) summary.textContent = 'Testnih primerov ni mogoče zagnati, dokler nabor ni pravilen.';
      else if (r.failing) summary.appendChild(el('span', { class: 'failed-text', text: 'Ne uspe: ' + r.failing }));
      else summary.appendChild(el('span', { class: 'ok', text: 'Vsi testni primeri uspejo (' + r.tests.length + ').' }));
      if (r.failing) summary.appendChild(document.createTextNode(', uspe ' + (r.tests.length - r.failing) + ' od ' + r.tests.length + '. Uvedba ne bo sprejeta, dokler ne uspejo vsi.'));
      var live = document.getElementById('live-issues');
      var old = document.getElementById('rule-issues');
      if (old) old.hidden = true;
      live.textContent = '';
      if (r.issues.length) {
        live.appendChild(el('h2', { text: 'Napake v urejenem naboru' }));
        live.appendChild(el('ul', {}, r.issues.map(function (i) { return el('li', {}, [el('strong', { text: i.where }), ': ' + i.message + ' ', el('small', { class: 'hint' }, [el('code', { text: i.path })])]); })));
      }
      live.hidden = !r.issues.length;
      var state = document.getElementById('edit-state');
      state.setAttribute('data-changed', String(r.changed));
      var current = document.querySelector('.current-version').getAttribute('data-current-seq');
      state.textContent = r.changed ? 'Urejeni nabor se razlikuje od veljavne različice ' + current + '.' : 'Urejeni nabor je enak veljavni različici ' + current + '.';
      root.setAttribute('data-checking', 'false');
    }).catch(function (e) {
      root.setAttribute('data-checking', 'false');
      var live = document.getElementById('live-issues');
      live.textContent = 'Preverjanje ni uspelo: ' + e.message;
      live.hidden = false;
    });
  }

  // ---------------------------------------------------------------- the bench

  function benchInput() {
    var out = {};
    document.querySelectorAll('#bench .bench-fields [data-fact]').forEach(function (input) {
      var f = input.getAttribute('data-fact');
      if (input.type === 'checkbox') {
        if (!out[f]) out[f] = [];
        if (input.checked) out[f].push(input.value);
      } else out[f] = input.value;
    });
    return out;
  }

  function loadIntoBench(test) {
    var facts = test.facts || {};
    document.querySelectorAll('#bench .bench-fields [data-fact]').forEach(function (input) {
      var v = facts[input.getAttribute('data-fact')];
      if (input.type === 'checkbox') input.checked = Array.isArray(v) && v.map(String).indexOf(input.value) >= 0;
      else if (input.tagName === 'TEXTAREA') input.value = Array.isArray(v) ? v.join('\n') : v === undefined ? '' : String(v);
      else input.value = v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
    });
    document.getElementById('bench').scrollIntoView({ behavior: 'smooth', block: 'start' });
  }

  function evaluate() {
    var out = document.getElementById('bench-result');
    out.setAttribute('data-state', 'running');
    return post('/bench', { ruleSet: model, bench: benchInput() }).then(function (r) {
      out.innerHTML = r.html; // rendered and escaped by the server (views/pages/rules/bench-result.hbs)
      out.setAttribute('data-state', 'done');
      var boxes = document.querySelectorAll('#expect-choices input[name="expect"]');
      var anyChecked = Array.prototype.some.call(boxes, function (b) { return b.checked; });
      if (r.ok && !anyChecked) boxes.forEach(function (b) { b.checked = r.events.indexOf(b.value) >= 0; });
      return r;
    });
  }

  function addTest() {
    return post('/bench', { ruleSet: model, bench: benchInput() }).then(function (r) {
      var out = document.getElementById('bench-result');
      out.innerHTML = r.html;
      if (!r.ok) return;
      var nameInput = document.getElementById('test-name');
      var expected = [];
      document.querySelectorAll('#expect-choices input[name="expect"]').forEach(function (b) { if (b.checked) expected.push(b.value); });
      var testName = nameInput.value.trim() || ('testni primer ' + (model.tests.length + 1));
      model.tests.push({ name: testName, facts: r.facts, expectEvents: expected });
      nameInput.value = '';
      sync(true);
      out.insertBefore(el('p', { class: 'flash', role: 'status', text: 'Testni primer »' + testName + '« je dodan urejeni različici; shranjen bo z uvedbo.' }), out.firstChild);
    });
  }

  // ---------------------------------------------------------------- start

  if (!fromText(true)) return;
  document.getElementById('structured-view').hidden = true;
  document.getElementById('tests-view').hidden = true;
  root.hidden = false;
  testsEditor.hidden = false;
  renderRules();
  renderTests();
  renderExpectChoices();
  runCheck();

  var typing = null;
  textarea.addEventListener('input', function () {
    clearTimeout(typing);
    typing = setTimeout(function () {
      typing = null;
      if (fromText(true)) { renderRules(); renderTests(); renderExpectChoices(); scheduleCheck(); }
      else root.classList.add('stale');
    }, 400);
  });

  /** Raw JSON typed a moment ago counts before the bench or a check runs. */
  function flushTyping() {
    if (typing === null) return;
    clearTimeout(typing);
    typing = null;
    if (fromText(true)) { renderRules(); renderTests(); renderExpectChoices(); }
  }

  form.addEventListener('click', function (e) {
    var b = e.target.closest('button[type="submit"]');
    if (!b) return;
    if (b.value !== 'deploy') flushTyping();
    if (b.value === 'evaluate') { e.preventDefault(); evaluate(); }
    else if (b.value === 'addTest') { e.preventDefault(); addTest(); }
    else if (b.value === 'check') { e.preventDefault(); runCheck(); }
    // deploy: the form is submitted with the JSON field as it stands (structured edits are already in it)
  });
  root.setAttribute('data-ready', 'true');
})();
