// The legal department's process modeler (issue 7 item 1) and the diff of two versions. Bundled with bpmn-js,
// bpmn-js-bpmnlint (on the server's own lint rules, see src/web/modeler/lintConfig.mjs), the Camunda properties
// panel and bpmn-js-differ's result from the server by scripts/build-static.mjs into dist/static/modeler.js
// (+ modeler.css), served at /static/bundle; never loaded unbundled.
//
// Plain JavaScript like trace.js (the project's tsconfig type-checks the server only). Everything shown comes
// from the /modeler/*.json endpoints and is written with textContent, never as markup; element names stay as
// the user typed them.
import Modeler from 'bpmn-js/lib/Modeler';
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import lintModule from 'bpmn-js-bpmnlint';
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, CamundaPlatformPropertiesProviderModule } from 'bpmn-js-properties-panel';
import CamundaBehaviorsModule from 'camunda-bpmn-js-behaviors/lib/camunda-platform';
import camundaModdle from 'camunda-bpmn-moddle/resources/camunda.json';
// Generated at build time from src/engine/lintDiagram.ts: the same rules and levels the server lints with.
import lintConfig from 'virtual:bpmnlint-config';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn.css';
import 'bpmn-js-bpmnlint/dist/assets/css/bpmn-js-bpmnlint.css';
import '@bpmn-io/properties-panel/dist/assets/properties-panel.css';

/** The palette, context pad and replace menu in Slovenian; anything not listed stays in English. */
const SL = {
  'Activate hand tool': 'Premikanje platna',
  'Activate lasso tool': 'Izbira z lasom',
  'Activate create/remove space tool': 'Dodaj ali odstrani prostor',
  'Activate global connect tool': 'Poveži elementa',
  'Create start event': 'Začetni dogodek',
  'Create end event': 'Končni dogodek',
  'Create intermediate/boundary event': 'Vmesni ali robni dogodek',
  'Create gateway': 'Razcep',
  'Create task': 'Naloga',
  'Create expanded sub-process': 'Podproces',
  'Create pool/participant': 'Bazen (udeleženec)',
  'Create data object reference': 'Podatkovni objekt',
  'Create data store reference': 'Podatkovna shramba',
  'Create group': 'Skupina',
  'Append end event': 'Dodaj končni dogodek',
  'Append gateway': 'Dodaj razcep',
  'Append task': 'Dodaj nalogo',
  'Append intermediate/boundary event': 'Dodaj vmesni dogodek',
  'Append receive task': 'Dodaj nalogo prejema',
  'Append message intermediate catch event': 'Dodaj čakanje na sporočilo',
  'Append timer intermediate catch event': 'Dodaj časovnik',
  'Append conditional intermediate catch event': 'Dodaj čakanje na pogoj',
  'Append signal intermediate catch event': 'Dodaj čakanje na signal',
  'Append compensation activity': 'Dodaj kompenzacijo',
  'Add text annotation': 'Dodaj opombo',
  'Add lane above': 'Dodaj stezo zgoraj',
  'Add lane below': 'Dodaj stezo spodaj',
  'Divide into two lanes': 'Razdeli na dve stezi',
  'Divide into three lanes': 'Razdeli na tri steze',
  'Change element': 'Spremeni vrsto elementa',
  'Connect to other element': 'Poveži z drugim elementom',
  'Connect using association': 'Poveži z asociacijo',
  'Connect using data input association': 'Poveži s podatkovnim vhodom',
  'Delete': 'Izbriši',
  'Search in diagram': 'Iskanje v diagramu',
  'User task': 'Uporabniška naloga',
  'Service task': 'Storitev',
  'Send task': 'Pošiljanje',
  'Receive task': 'Prejem',
  'Business rule task': 'Pravila',
  'Script task': 'Skriptna naloga (ni dovoljena)',
  'Manual task': 'Ročno opravilo',
  'Task': 'Naloga',
  'Exclusive gateway': 'Razcep (eden)',
  'Parallel gateway': 'Vzporedni razcep',
  'Inclusive gateway': 'Razcep (več)',
  'Event-based gateway': 'Razcep po dogodku',
  'Complex gateway': 'Kompleksni razcep',
  'Start event': 'Začetni dogodek',
  'End event': 'Končni dogodek',
  'General': 'Splošno',
  'Name': 'Ime',
  'ID': 'ID',
  'Documentation': 'Dokumentacija',
  'User assignment': 'Dodelitev',
  'Candidate groups': 'Vloge (candidateGroups)',
  'Form': 'Obrazec',
  'Form key': 'Obrazec (formKey)',
  'Implementation': 'Izvedba',
  'Condition': 'Pogoj',
  'Timer': 'Časovnik',
};

/** @param {string} template @param {Record<string, string>} [replacements] */
function translate(template, replacements) {
  const text = SL[/** @type {keyof typeof SL} */ (template)] || template;
  return text.replace(/{([^}]+)}/g, (_, key) => (replacements && key in replacements ? replacements[key] : `{${key}}`));
}
const translateModule = { translate: ['value', translate] };

/** @param {string} tag @param {string} [className] @param {string} [text] */
function h(tag, className, text) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}

/** @param {string} text @param {'info' | 'ok' | 'error'} [kind] */
function status(text, kind = 'info') {
  const p = document.getElementById('modeler-status');
  if (!p) return;
  p.textContent = text;
  p.setAttribute('data-kind', kind);
}

/** The session's CSRF token, from the page's form (CSP allows no inline data). */
function csrf() {
  const input = /** @type {HTMLInputElement | null} */ (document.querySelector('#modeler-deploy input[name="_csrf"]'));
  return input ? input.value : '';
}

/** @param {string} url @param {unknown} [body] */
async function call(url, body) {
  const res = await fetch(url, body === undefined
    ? { credentials: 'same-origin', headers: { accept: 'application/json' } }
    : { method: 'POST', credentials: 'same-origin', headers: { accept: 'application/json', 'content-type': 'application/json', 'x-csrf-token': csrf() }, body: JSON.stringify(body) });
  const type = res.headers.get('content-type') || '';
  if (!type.includes('json')) {
    if (res.status === 401) throw new Error('seja je potekla; prijavite se znova (spremembe prej prenesite)');
    if (res.status === 403) throw new Error('dostop zavrnjen ali obrazec zastarel; osvežite stran');
    throw new Error(`odgovor strežnika ${res.status}`);
  }
  return { status: res.status, body: await res.json() };
}

/** Fit the whole diagram, never larger than 1:1. @param {any} canvas */
function fit(canvas) {
  canvas.zoom('fit-viewport', 'auto');
  if (canvas.zoom() > 1) canvas.zoom(1, 'auto');
}

/** Centre the view on an element at the present zoom. @param {any} canvas @param {{x: number, y: number, width?: number, height?: number}} el */
function centerOn(canvas, el) {
  const vb = canvas.viewbox();
  canvas.viewbox({ x: el.x + (el.width || 0) / 2 - vb.width / 2, y: el.y + (el.height || 0) / 2 - vb.height / 2, width: vb.width, height: vb.height });
}

/**
 * Readable rather than whole: the diagram's height fitted into the box (never larger than 1:1), from its
 * left edge (past the palette, `leftPad` pixels) or centred on an element; "Prikaži cel diagram" shows all.
 * @param {any} canvas @param {any} focus @param {number} leftPad
 */
function overview(canvas, focus, leftPad) {
  fit(canvas);
  const { inner, outer } = canvas.viewbox();
  if (!inner.width || !inner.height) return;
  const scale = Math.min(1, (outer.height - 24) / inner.height);
  if (canvas.zoom() >= scale * 0.95) return;
  canvas.zoom(scale);
  if (focus) return centerOn(canvas, focus);
  const vb = canvas.viewbox();
  canvas.viewbox({ x: inner.x - leftPad / scale, y: inner.y + inner.height / 2 - vb.height / 2, width: vb.width, height: vb.height });
}

/** Zoom buttons: the wheel (with Ctrl) and dragging work too, but not for everyone. @param {HTMLElement} el @param {any} canvas */
function addZoomTools(el, canvas) {
  const tools = h('div', 'modeler-tools');
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
  button('Vse', 'Prikaži cel diagram', () => fit(canvas));
  el.appendChild(tools);
}

const editor = document.getElementById('modeler-canvas');
if (editor) {
  editor.setAttribute('data-started', 'true');
  status('Diagram se nalaga …');
  openModeler(editor).catch((err) => status(`Urejevalnika ni bilo mogoče odpreti (${err && err.message ? err.message : err}).`, 'error'));
}

for (const el of document.querySelectorAll('.modeler-diff-canvas')) {
  const box = /** @type {HTMLElement} */ (el);
  box.setAttribute('data-started', 'true');
  showDiff(box).catch((err) => {
    box.appendChild(h('p', 'modeler-status', `Diagrama ni bilo mogoče prikazati (${err && err.message ? err.message : err}). Spremembe so naštete spodaj.`));
  });
}

/** @param {HTMLElement} el */
async function openModeler(el) {
  const { body: version } = await call(el.dataset.versionUrl || '');
  const modeler = new Modeler({
    container: el,
    propertiesPanel: { parent: '#modeler-properties' },
    linting: { bpmnlint: lintConfig, active: true },
    moddleExtensions: { camunda: camundaModdle },
    additionalModules: [
      translateModule, lintModule,
      BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, CamundaPlatformPropertiesProviderModule, CamundaBehaviorsModule,
    ],
  });
  const { warnings } = await modeler.importXML(version.xml);
  if (warnings && warnings.length) console.warn('bpmn-js', warnings);

  const canvas = /** @type {any} */ (modeler.get('canvas'));
  const registry = /** @type {any} */ (modeler.get('elementRegistry'));
  const overlays = /** @type {any} */ (modeler.get('overlays'));
  const eventBus = /** @type {any} */ (modeler.get('eventBus'));
  const selection = /** @type {any} */ (modeler.get('selection'));
  overview(canvas, null, 110);
  addZoomTools(el, canvas);

  const checkButton = /** @type {HTMLButtonElement} */ (document.getElementById('modeler-check'));
  const deployForm = /** @type {HTMLFormElement} */ (document.getElementById('modeler-deploy'));
  const deployButton = /** @type {HTMLButtonElement} */ (document.getElementById('modeler-deploy-button'));
  const note = /** @type {HTMLTextAreaElement} */ (document.getElementById('deploy-note'));
  const dirtyNote = document.getElementById('modeler-dirty');

  let dirty = false;
  eventBus.on('commandStack.changed', () => {
    dirty = true;
    if (dirtyNote) dirtyNote.textContent = `Neobjavljene spremembe (izhodišče: različica ${version.version}).`;
  });
  window.addEventListener('beforeunload', (ev) => {
    if (!dirty) return;
    ev.preventDefault();
    ev.returnValue = '';
  });

  /** @type {string[]} */
  let marked = [];
  function clearIssues() {
    for (const id of marked) {
      if (registry.get(id)) {
        canvas.removeMarker(id, 'modeler-error');
        canvas.removeMarker(id, 'modeler-warning');
      }
    }
    marked = [];
    overlays.remove({ type: 'modeler-issue' });
    const section = document.getElementById('modeler-issues');
    if (section) section.hidden = true;
  }

  /** @param {any} element */
  function focus(element) {
    selection.select(element);
    centerOn(canvas, element);
    el.scrollIntoView({ behavior: 'smooth', block: 'center' });
  }

  /**
   * The server's issues on the elements they name (a marker and a numbered badge) and in a list below.
   * @param {{ok: boolean, errors: any[], warnings: any[], unchangedVersion?: number | null}} result
   * @param {string} heading
   */
  function showIssues(result, heading) {
    clearIssues();
    const section = /** @type {HTMLElement} */ (document.getElementById('modeler-issues'));
    const list = /** @type {HTMLElement} */ (document.getElementById('modeler-issue-list'));
    const summary = /** @type {HTMLElement} */ (document.getElementById('modeler-issues-summary'));
    list.replaceChildren();
    const all = [...result.errors.map((i) => ({ ...i, level: 'error' })), ...result.warnings.map((i) => ({ ...i, level: 'warning' }))];
    summary.textContent = result.ok
      ? `${heading}: diagram je v redu${result.warnings.length ? `, opozoril: ${result.warnings.length}` : ''}.${result.unchangedVersion ? ` Enak je zadnji različici (${result.unchangedVersion}); objava ne bi ustvarila nove.` : ''}`
      : `${heading}: napak ${result.errors.length}${result.warnings.length ? `, opozoril ${result.warnings.length}` : ''}. Diagrama ni mogoče objaviti, dokler napake ostanejo.`;
    summary.className = result.ok ? 'ok' : 'overdue';
    /** @type {Map<string, number>} */
    const perElement = new Map();
    all.forEach((issue, i) => {
      const n = i + 1;
      const element = issue.elementId ? registry.get(issue.elementId) : null;
      const li = h('li', `modeler-issue modeler-issue-${issue.level}`);
      li.setAttribute('data-level', issue.level);
      if (issue.elementId) li.setAttribute('data-element', issue.elementId);
      li.appendChild(h('strong', '', issue.level === 'error' ? 'Napaka' : 'Opozorilo'));
      li.appendChild(document.createTextNode(' · '));
      if (element) {
        const a = /** @type {HTMLAnchorElement} */ (h('a', '', issue.elementName || issue.elementId));
        a.href = '#modeler-canvas';
        a.addEventListener('click', (ev) => {
          ev.preventDefault();
          focus(element);
        });
        li.appendChild(a);
        li.appendChild(document.createTextNode(` (${issue.elementId}): `));
      } else {
        li.appendChild(document.createTextNode(issue.path === 'note' ? 'Opomba: ' : issue.path === 'definitions' || !issue.path ? 'Diagram: ' : `${issue.path}: `));
      }
      li.appendChild(document.createTextNode(issue.message));
      if (issue.detail && issue.detail !== issue.message) li.title = issue.detail;
      list.appendChild(li);
      if (element) {
        canvas.addMarker(element.id, issue.level === 'error' ? 'modeler-error' : 'modeler-warning');
        marked.push(element.id);
        const count = (perElement.get(element.id) || 0);
        perElement.set(element.id, count + 1);
        const badge = h('div', `modeler-badge modeler-badge-${issue.level}`, String(n));
        badge.title = `${issue.level === 'error' ? 'Napaka' : 'Opozorilo'} ${n}: ${issue.message}`;
        badge.setAttribute('data-element', element.id);
        const isFlow = !!element.waypoints;
        overlays.add(element.id, 'modeler-issue', {
          position: isFlow ? { top: -10, left: -10 + count * 22 } : { bottom: 10, left: -10 + count * 22 },
          html: badge,
        });
      }
    });
    section.hidden = false;
    // The first element with an error comes into view.
    const first = result.errors.find((i) => i.elementId && registry.get(i.elementId));
    if (first) centerOn(canvas, registry.get(first.elementId));
  }

  async function xml() {
    const { xml: text } = await modeler.saveXML({ format: true });
    return text || '';
  }

  const busy = (/** @type {boolean} */ on) => {
    checkButton.disabled = on;
    deployButton.disabled = on;
  };

  checkButton.addEventListener('click', async () => {
    busy(true);
    status('Preverjam …');
    try {
      const { body } = await call(el.dataset.checkUrl || '', { xml: await xml() });
      if (!Array.isArray(body.errors)) throw new Error(body.error && body.error.message ? body.error.message : 'nepričakovan odgovor');
      showIssues(body, 'Preverjanje');
      status(body.ok ? 'Preverjeno: napak ni.' : `Preverjeno: napak ${body.errors.length}.`, body.ok ? 'ok' : 'error');
    } catch (err) {
      status(`Preverjanje ni uspelo: ${err && /** @type {Error} */ (err).message}`, 'error');
    } finally {
      busy(false);
    }
  });

  deployForm.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (!note.value.trim()) {
      status('Pred objavo vpišite opombo k spremembi.', 'error');
      note.focus();
      return;
    }
    busy(true);
    status('Objavljam …');
    try {
      const { status: code, body } = await call(el.dataset.deployUrl || '', { xml: await xml(), note: note.value });
      if (code === 201) {
        dirty = false;
        status(body.message, 'ok');
        window.location.assign(body.openUrl);
        return;
      }
      if (code === 200 && body.ok) {
        dirty = false;
        clearIssues();
        status(body.message, 'info');
        return;
      }
      if (!Array.isArray(body.errors)) throw new Error(body.error && body.error.message ? body.error.message : `odgovor strežnika ${code}`);
      showIssues({ ...body, ok: false }, 'Objava zavrnjena');
      status(`Objava zavrnjena: napak ${body.errors.length}.`, 'error');
    } catch (err) {
      status(`Objava ni uspela: ${err && /** @type {Error} */ (err).message}`, 'error');
    } finally {
      busy(false);
    }
  });

  busy(false);
  status(`Odprta je različica ${version.version}. Dvokliknite element, da spremenite ime; lastnosti so desno.`);
  el.setAttribute('data-ready', 'true');
}

/** A diagram of a diff: the newer version with what was added, changed or moved; or the older with what was removed. @param {HTMLElement} el */
async function showDiff(el) {
  const { body: diff } = await call(el.dataset.diffUrl || '');
  const side = el.dataset.side === 'from' ? 'from' : 'to';
  const viewer = new NavigatedViewer({ container: el, moddleExtensions: { camunda: camundaModdle } });
  await viewer.importXML(side === 'to' ? diff.toXml : diff.fromXml);
  const canvas = /** @type {any} */ (viewer.get('canvas'));
  const registry = /** @type {any} */ (viewer.get('elementRegistry'));
  const overlays = /** @type {any} */ (viewer.get('overlays'));
  /** @param {{id: string, name: string}[]} list @param {string} kind @param {string} label */
  const mark = (list, kind, label) => {
    for (const x of list) {
      if (!registry.get(x.id)) continue;
      canvas.addMarker(x.id, `modeler-diff-${kind}`);
      const badge = h('div', `modeler-diff-badge modeler-diff-badge-${kind}`, label);
      badge.title = `${x.name}: ${label}`;
      overlays.add(x.id, 'modeler-diff', { position: registry.get(x.id).waypoints ? { top: -10, left: 0 } : { top: -12, right: 12 }, html: badge });
    }
  };
  const shown = side === 'to' ? [...diff.added, ...diff.changed, ...diff.layoutChanged] : diff.removed;
  if (side === 'to') {
    mark(diff.added, 'added', '+');
    mark(diff.changed, 'changed', '~');
    mark(diff.layoutChanged, 'layout', '↔');
  } else {
    mark(diff.removed, 'removed', '−');
  }
  // Start on the first change (a flow has no box of its own: its first point)
  const firstId = shown.map((/** @type {{id: string}} */ x) => x.id).find((/** @type {string} */ id) => registry.get(id));
  const first = firstId ? registry.get(firstId) : null;
  overview(canvas, first ? (first.waypoints ? first.waypoints[0] : first) : null, 0);
  addZoomTools(el, canvas);
  // A click on a listed change shows it on the diagram.
  const lists = side === 'to' ? ['added', 'changed', 'layout'] : ['removed'];
  for (const li of document.querySelectorAll(lists.map((k) => `.modeler-diff-list [data-diff="${k}"] > li[data-element]`).join(', '))) {
    const id = li.getAttribute('data-element');
    if (!id || !registry.get(id)) continue;
    li.classList.add('modeler-diff-linked');
    li.addEventListener('click', () => {
      const element = registry.get(id);
      centerOn(canvas, element.waypoints ? element.waypoints[0] : element);
      el.scrollIntoView({ behavior: 'smooth', block: 'center' });
    });
  }
  el.setAttribute('data-ready', 'true');
}
