// The auditor's trace page in the browser (issue 5 item 8). Bundled with bpmn-js by scripts/build-static.mjs
// into dist/static/trace.js (+ trace.css) and served at /static/bundle; never loaded unbundled.
//
// Plain JavaScript on purpose: the project's tsconfig type-checks src/**/*.ts against Node's types only, and
// pulling the DOM library into that one program would put browser globals (name, status, event, …) into
// the server's type space. Everything shown comes from /requests/:id/trace.json and is written with
// textContent, never as markup.
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';

const container = document.getElementById('trace-canvas');
if (container) {
  // Until the script runs, the box, legend and panel are folded away (trace.css): without script the page says so.
  container.setAttribute('data-started', 'true');
  status(container, 'Diagram se nalaga …');
  draw(container).catch((err) => {
    status(container, `Diagrama ni bilo mogoče prikazati (${err && err.message ? err.message : err}). Pot in dogodki so navedeni spodaj.`);
  });
}

/** @param {HTMLElement} el @param {string} text */
function status(el, text) {
  let p = document.getElementById('trace-status');
  if (!p) {
    p = document.createElement('p');
    p.id = 'trace-status';
    p.className = 'trace-status';
    el.appendChild(p);
  }
  p.textContent = text;
}

/** @param {string} tag @param {string} [className] @param {string} [text] */
function h(tag, className, text) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}

/** @param {{name: string, value: string}[]} pairs */
function pairList(pairs) {
  const dl = h('dl', 'facts');
  for (const p of pairs) {
    dl.appendChild(h('dt', '', p.name));
    dl.appendChild(h('dd', '', p.value));
  }
  return dl;
}

/** @param {HTMLElement} el */
async function draw(el) {
  const res = await fetch(el.dataset.traceUrl || '', { credentials: 'same-origin', headers: { accept: 'application/json' } });
  if (!res.ok || !(res.headers.get('content-type') || '').includes('json')) throw new Error(`odgovor strežnika ${res.status}`);
  const trace = await res.json();
  if (!trace.xml) {
    status(el, 'Ta zadeva nima diagrama procesa.');
    return;
  }
  const viewer = new NavigatedViewer({ container: el });
  const { warnings } = await viewer.importXML(trace.xml);
  if (warnings && warnings.length) console.warn('bpmn-js', warnings);
  const p = document.getElementById('trace-status');
  if (p) p.remove();

  const canvas = /** @type {any} */ (viewer.get('canvas'));
  const registry = /** @type {any} */ (viewer.get('elementRegistry'));
  const eventBus = /** @type {any} */ (viewer.get('eventBus'));

  const visited = new Set(trace.visited);
  const waiting = new Set(trace.waiting);
  const byElement = trace.byElement || {};
  const events = new Map(trace.events.map((/** @type {any} */ e) => [e.seq, e]));

  for (const id of visited) if (registry.get(id) && !waiting.has(id)) canvas.addMarker(id, 'trace-visited');
  for (const id of waiting) if (registry.get(id)) canvas.addMarker(id, 'trace-waiting');
  for (const flow of registry.filter((/** @type {any} */ x) => x.type === 'bpmn:SequenceFlow')) {
    if (flow.source && flow.target && visited.has(flow.source.id) && visited.has(flow.target.id)) canvas.addMarker(flow.id, 'trace-flow');
  }
  for (const id of Object.keys(byElement)) if (registry.get(id)) canvas.addMarker(id, 'trace-has-events');

  addTools(el, canvas);

  /** @type {string | null} */
  let selected = null;
  const panel = /** @type {HTMLElement} */ (document.getElementById('trace-panel'));

  /** @param {string} id */
  function select(id) {
    const element = registry.get(id);
    if (!element) return;
    if (selected && registry.get(selected)) canvas.removeMarker(selected, 'trace-selected');
    selected = id;
    canvas.addMarker(id, 'trace-selected');
    showPanel(element);
  }

  /** @param {any} element */
  function showPanel(element) {
    const bo = element.businessObject || {};
    panel.replaceChildren();
    panel.appendChild(h('h3', '', bo.name || element.id));
    panel.setAttribute('data-element', element.id);
    panel.appendChild(h('p', 'hint', `${(trace.elementTypes || {})[element.type] || element.type.replace('bpmn:', '')} · ${element.id}`));
    if (waiting.has(element.id)) panel.appendChild(h('p', 'trace-waits', 'Primerek trenutno čaka tukaj.'));
    else if (visited.has(element.id)) panel.appendChild(h('p', 'trace-visits', 'Primerek je šel skozi ta element.'));
    const list = byElement[element.id] || [];
    if (!list.length) {
      panel.appendChild(h('p', '', visited.has(element.id) ? 'Za ta element ni zapisanih dogodkov.' : 'Primerek tega elementa ni prehodil; dogodkov ni.'));
      return;
    }
    const ol = h('ol', 'trace-element-events');
    for (const { seq, relation } of list) {
      const e = events.get(seq);
      if (e) ol.appendChild(eventItem(e, trace.relations[relation] || relation));
    }
    panel.appendChild(ol);
  }

  eventBus.on('element.click', (/** @type {any} */ ev) => {
    const id = ev.element && ev.element.id;
    if (!id || ev.element.type === 'bpmn:Process' || ev.element.type === 'bpmn:Collaboration' || ev.element.type === 'bpmn:Participant' || ev.element.type === 'bpmn:Lane') return;
    select(id);
  });

  // The path under the diagram is the keyboard's way to the same panel.
  for (const a of document.querySelectorAll('.trace-path [data-element]')) {
    const id = a.getAttribute('data-element');
    if (!id || !registry.get(id)) continue;
    a.addEventListener('click', (ev) => {
      ev.preventDefault();
      select(id);
      centerOn(canvas, registry.get(id));
      el.scrollIntoView({ behavior: 'smooth', block: 'start' });
    });
  }
  // Start with where the case waits now, or else the last element passed: readable, not the whole
  // (wide) diagram shrunk into the box; the "Vse" button shows all of it.
  const first = trace.waiting.find((/** @type {string} */ id) => registry.get(id)) || [...trace.visited].reverse().find((/** @type {string} */ id) => registry.get(id));
  overview(canvas, first ? registry.get(first) : null);
  if (first) select(first);
  el.setAttribute('data-ready', 'true');
}

/** Fit the diagram's height into the box (never larger than 1:1), centred on an element if given. @param {any} canvas @param {any} focus */
function overview(canvas, focus) {
  canvas.zoom('fit-viewport', 'auto');
  const { inner, outer } = canvas.viewbox();
  if (!inner.width || !inner.height) return;
  const scale = Math.min(1, (outer.height - 24) / inner.height);
  if (canvas.zoom() >= scale * 0.95) return;
  canvas.zoom(scale);
  centerOn(canvas, focus || { x: inner.x, y: inner.y, width: outer.width / scale, height: inner.height });
}

/** @param {any} canvas @param {{x: number, y: number, width?: number, height?: number}} el */
function centerOn(canvas, el) {
  const vb = canvas.viewbox();
  const { inner } = vb;
  const cx = el.x + (el.width || 0) / 2;
  // Keep the whole height in view when it fits; otherwise centre on the element vertically too.
  const y = inner.height <= vb.height ? inner.y + inner.height / 2 - vb.height / 2 : el.y + (el.height || 0) / 2 - vb.height / 2;
  canvas.viewbox({ x: cx - vb.width / 2, y, width: vb.width, height: vb.height });
}

/** @param {any} e @param {string} relation */
function eventItem(e, relation) {
  const li = h('li');
  li.setAttribute('data-seq', String(e.seq));
  const head = h('div');
  head.appendChild(h('strong', '', e.typeLabel));
  head.appendChild(document.createTextNode(` (${relation})`));
  li.appendChild(head);
  li.appendChild(h('div', 'trace-when', `#${e.seq} · ${e.atText} · ${e.actor}`));
  if (e.variables.length) {
    li.appendChild(h('div', '', 'Spremenljivke:'));
    li.appendChild(pairList(e.variables));
  }
  if (e.rule) {
    li.appendChild(h('div', '', `Nabor pravil ${e.rule.ruleSet}${e.rule.version ? `, različica ${e.rule.version}` : ''}: ${e.rule.outcome.length ? e.rule.outcome.join('; ') : 'brez izida'}`));
    if (e.rule.facts.length) {
      li.appendChild(h('div', '', 'Dejstva:'));
      li.appendChild(pairList(e.rule.facts));
    }
    const details = h('details');
    details.appendChild(h('summary', '', 'Razlaga pravil'));
    details.appendChild(h('pre', '', e.rule.lines.join('\n')));
    li.appendChild(details);
  }
  if (e.details.length) {
    li.appendChild(h('div', '', 'Podatki dogodka:'));
    li.appendChild(pairList(e.details));
  }
  const link = /** @type {HTMLAnchorElement} */ (h('a', '', 'v seznamu dogodkov'));
  link.href = `#event-${e.seq}`;
  li.appendChild(link);
  return li;
}

/** Zoom buttons: the wheel and dragging work too, but not for everyone. @param {HTMLElement} el @param {any} canvas */
function addTools(el, canvas) {
  const tools = h('div', 'trace-tools');
  const button = (/** @type {string} */ label, /** @type {string} */ title, /** @type {() => void} */ act) => {
    const b = /** @type {HTMLButtonElement} */ (h('button', 'secondary', label));
    b.type = 'button';
    b.title = title;
    b.setAttribute('aria-label', title);
    b.addEventListener('click', act);
    tools.appendChild(b);
  };
  button('+', 'Povečaj', () => canvas.zoom(canvas.zoom() * 1.25));
  button('−', 'Pomanjšaj', () => canvas.zoom(canvas.zoom() / 1.25));
  button('Višina', 'Prilagodi višini okvirja', () => overview(canvas, null));
  button('Vse', 'Prikaži cel diagram', () => canvas.zoom('fit-viewport', 'auto'));
  el.appendChild(tools);
}
