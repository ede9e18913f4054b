import fs from 'node:fs';
import path from 'node:path';
import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import { AppError, DeploymentError, NotFoundError } from '../../errors.js';
import type { FieldIssue } from '../../errors.js';
import { statusOf } from '../../http/errors.js';
import { formsFolder, type CheckOptions } from '../../engine/definitions.js';
import type { ProcessDefinitionRow } from '../../persistence/entities/index.js';
import { diffDiagrams } from '../modeler/diff.js';
import { elementNames, showIssues, slovenianMessage, type ShownIssue } from '../modeler/issues.js';
import { allowPage, pageModel } from '../middleware.js';
import type { WebContext } from '../context.js';
import { BUNDLE_DIR } from './trace.js';
import { rejectDeepJson } from '../../http/jsonDepth.js';

const BUNDLE_URL = '/static/bundle';

export const ELEMENT_TYPE_LABELS: Record<string, string> = {
  'bpmn:StartEvent': 'začetni dogodek', 'bpmn:EndEvent': 'končni dogodek', 'bpmn:UserTask': 'uporabniška naloga',
  'bpmn:ServiceTask': 'storitev', 'bpmn:SendTask': 'pošiljanje', 'bpmn:ReceiveTask': 'prejem', 'bpmn:BusinessRuleTask': 'pravila',
  'bpmn:ScriptTask': 'skriptna naloga', 'bpmn:Task': 'opravilo', 'bpmn:ManualTask': 'ročno opravilo',
  'bpmn:ExclusiveGateway': 'razcep (eden)', 'bpmn:ParallelGateway': 'vzporedni razcep', 'bpmn:EventBasedGateway': 'razcep po dogodku',
  'bpmn:InclusiveGateway': 'razcep (več)', 'bpmn:ComplexGateway': 'kompleksni razcep',
  'bpmn:IntermediateCatchEvent': 'vmesni dogodek (čakanje)', 'bpmn:IntermediateThrowEvent': 'vmesni dogodek',
  'bpmn:BoundaryEvent': 'robni dogodek', 'bpmn:SubProcess': 'podproces', 'bpmn:CallActivity': 'klic procesa',
  'bpmn:SequenceFlow': 'tok', 'bpmn:Lane': 'steza', 'bpmn:Participant': 'udeleženec', 'bpmn:Process': 'proces',
  'bpmn:Message': 'sporočilo', 'bpmn:TextAnnotation': 'opomba', 'bpmn:Association': 'povezava',
};
const typeLabel = (t: string | null) => (t ? ELEMENT_TYPE_LABELS[t] ?? t.replace(/^bpmn:/, '') : '');

const NOTE_MAX = 1000;

/** A version as the modeler lists it: who deployed it, when, why, and how many instances still run on it. */
export interface VersionView {
  id: string;
  key: string;
  version: number;
  name: string | null;
  hash: string;
  deployedBy: string;
  deployedAt: string;
  note: string | null;
  running: number;
  newest: boolean;
}

export interface DefinitionView {
  key: string;
  name: string | null;
  versions: VersionView[];
}

/** What a check or a deploy answers the modeler's script. */
interface CheckAnswer {
  ok: boolean;
  key: string | null;
  unchangedVersion: number | null;
  errors: ShownIssue[];
  warnings: ShownIssue[];
}

const isStr = (v: unknown): v is string => typeof v === 'string';

/**
 * Issue 7 item 1: the legal department's process modeler. `/modeler` lists every deployed version (with
 * author, time, note and running instances) and opens one in the bpmn-js Modeler (bundled by
 * scripts/build-static.mjs with bpmnlint on the server's rules and the Camunda properties panel). "Preveri"
 * runs the deploy's validation on the server plus "every user task has its form", and the page marks each
 * error on its element; "Objavi" deploys with a required note (a new version, audited by the DefinitionStore;
 * an unchanged diagram is no new version). `/modeler/diff` compares two versions (bpmn-js-differ).
 * The script speaks to the JSON endpoints below with the session and the CSRF header.
 */
export function modelerPages(ctx: WebContext): Router {
  const r = Router();
  const legal = allowPage(ctx, 'definitions.deploy');
  const defs = ctx.system.definitions;
  const checkOptions: CheckOptions = { forms: formsFolder(path.join(ctx.system.projectRoot, 'views', 'forms')) };
  const bundleFile = path.join(ctx.system.projectRoot, ...BUNDLE_DIR, 'modeler.js');
  const json = express.json({ limit: '5mb', verify: rejectDeepJson });

  const bundle = () => {
    const stamp = fs.statSync(bundleFile, { throwIfNoEntry: false })?.mtimeMs.toString(36).replace('.', '');
    return stamp === undefined
      ? { bundled: false, styles: ['/static/modeler.css'], scripts: [] as string[] }
      : { bundled: true, styles: ['/static/modeler.css', `${BUNDLE_URL}/modeler.css?v=${stamp}`], scripts: [`${BUNDLE_URL}/modeler.js?v=${stamp}`] };
  };

  async function definitions(): Promise<DefinitionView[]> {
    const [rows, running] = await Promise.all([defs.list(), defs.runningCounts()]);
    const byKey = new Map<string, ProcessDefinitionRow[]>();
    for (const row of rows) byKey.set(row.key, [...(byKey.get(row.key) ?? []), row]);
    return [...byKey].map(([key, list]) => {
      const newest = Math.max(...list.map((v) => v.version));
      const versions = list.sort((a, b) => b.version - a.version).map((d) => ({
        id: d.id, key: d.key, version: d.version, name: d.name, hash: d.hash, deployedBy: d.deployedBy,
        deployedAt: d.deployedAt.toISOString(), note: d.note, running: running.get(d.id) ?? 0, newest: d.version === newest,
      }));
      return { key, name: versions[0]?.name ?? null, versions };
    });
  }

  async function version(id: string): Promise<ProcessDefinitionRow> {
    try {
      return (await defs.byId(id)).row;
    } catch {
      throw new NotFoundError(`definition version ${id} does not exist`);
    }
  }

  /** JSON endpoints answer errors in JSON (the page's error handler would send HTML). */
  const jsonRoute = (fn: (req: Request, res: Response) => Promise<void>): RequestHandler => async (req, res) => {
    try {
      await fn(req, res);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      res.status(statusOf(err)).json({ ok: false, error: { code: err.code, message: slovenianMessage(err.message), details: err.details } });
    }
  };

  /** Run the modeler's check (deploy's rules plus forms); errors become a 422-free answer for "Preveri". */
  async function check(xml: string): Promise<CheckAnswer> {
    const names = await elementNames(xml);
    try {
      const { diagram, warnings } = await defs.check(xml, checkOptions);
      const key = diagram.meta.processId;
      return { ok: true, key, unchangedVersion: await defs.unchangedVersion(key, xml), errors: [], warnings: showIssues(warnings, names) };
    } catch (err) {
      if (!(err instanceof DeploymentError)) throw err;
      const details: readonly FieldIssue[] = err.details.length ? err.details : [{ path: 'definitions', message: err.message }];
      return { ok: false, key: null, unchangedVersion: null, errors: showIssues(details, names), warnings: [] };
    }
  }

  const xmlOf = (req: Request): string | null => (isStr(req.body?.xml) && req.body.xml.trim() ? req.body.xml : null);
  const noXml = { path: 'xml', elementId: null, elementName: null, elementType: null, message: 'Diagram manjka.', detail: 'xml is required' };

  r.get('/modeler', legal, async (req, res) => {
    const all = await definitions();
    const wanted = isStr(req.query.version) ? req.query.version : null;
    const open = (wanted ? all.flatMap((d) => d.versions).find((v) => v.id === wanted) : null)
      ?? all.find((d) => d.key === 'dsrRequest')?.versions[0] ?? all[0]?.versions[0] ?? null;
    if (wanted && (!open || open.id !== wanted)) throw new NotFoundError(`definition version ${wanted} does not exist`);
    const deployed = isStr(req.query.deployed) && open ? Number(req.query.deployed) === open.version : false;
    res.send(ctx.pages.page('modeler/index', pageModel(req, {
      title: 'Urejevalnik postopkov',
      definitions: all.map((d) => ({
        ...d,
        versions: d.versions.map((v, i) => ({ ...v, open: v.id === open?.id, previousId: d.versions[i + 1]?.id ?? null })),
      })),
      open,
      flash: deployed && open ? `Objavljena je različica ${open.version} postopka ${open.name ?? open.key}. Nove zahteve se začnejo na njej; tekoče ostanejo na svojih različicah.` : undefined,
      versionUrl: open ? `/modeler/versions/${encodeURIComponent(open.id)}.json` : '',
      ...bundle(),
    })));
  });

  r.get('/modeler/definitions.json', legal, jsonRoute(async (_req, res) => {
    res.set('cache-control', 'no-store').json({ items: await definitions() });
  }));

  r.get('/modeler/versions/:id.json', legal, jsonRoute(async (req, res) => {
    const row = await version(String(req.params.id));
    const running = (await defs.runningCounts()).get(row.id) ?? 0;
    res.set('cache-control', 'no-store').json({
      id: row.id, key: row.key, version: row.version, name: row.name, hash: row.hash, deployedBy: row.deployedBy,
      deployedAt: row.deployedAt.toISOString(), note: row.note, running, xml: row.xml,
    });
  }));

  /** "Preveri": 200 with ok and the issues, each on its element. */
  r.post('/modeler/check', legal, json, jsonRoute(async (req, res) => {
    const xml = xmlOf(req);
    if (!xml) {
      res.status(422).json({ ok: false, key: null, unchangedVersion: null, errors: [noXml], warnings: [] });
      return;
    }
    res.json(await check(xml));
  }));

  /** "Objavi": the same check, then a new version (201), or the same one when nothing changed (200); 422 with the issues. */
  r.post('/modeler/deploy', legal, json, jsonRoute(async (req, res) => {
    const xml = xmlOf(req);
    const note = isStr(req.body?.note) ? req.body.note.trim() : '';
    const errors: ShownIssue[] = [];
    if (!xml) errors.push(noXml);
    if (!note) errors.push({ path: 'note', elementId: null, elementName: null, elementType: null, message: 'Vpišite opombo k spremembi: kaj in zakaj se spreminja.', detail: 'note is required' });
    else if (note.length > NOTE_MAX) errors.push({ path: 'note', elementId: null, elementName: null, elementType: null, message: `Opomba je predolga (največ ${NOTE_MAX} znakov).`, detail: 'note is too long' });
    if (errors.length || !xml) {
      res.status(422).json({ ok: false, errors, warnings: [] });
      return;
    }
    const checked = await check(xml);
    if (!checked.ok) {
      res.status(422).json(checked);
      return;
    }
    const d = await defs.deploy(xml, req.webUser!.username, note, checkOptions);
    res.status(d.created ? 201 : 200).json({
      ok: true, created: d.created, key: d.key, version: d.version, id: d.id, warnings: checked.warnings,
      message: d.created
        ? `Objavljena je različica ${d.version}.`
        : `Diagram je enak zadnji različici (${d.version}); nova različica ni nastala.`,
      openUrl: `/modeler?version=${encodeURIComponent(d.id)}${d.created ? `&deployed=${d.version}` : ''}`,
    });
  }));

  async function diffOf(fromId: string, toId: string) {
    const [from, to] = await Promise.all([version(fromId), version(toId)]);
    const diff = await diffDiagrams(from.xml, to.xml);
    const label = (list: { type: string }[]) => list.map((x) => ({ ...x, typeLabel: typeLabel(x.type) }));
    return {
      from: { id: from.id, key: from.key, version: from.version, name: from.name },
      to: { id: to.id, key: to.key, version: to.version, name: to.name },
      added: label(diff.added), removed: label(diff.removed), changed: label(diff.changed), layoutChanged: label(diff.layoutChanged),
      fromXml: from.xml, toXml: to.xml,
    };
  }

  /** The two versions to compare: ?from=&to= (ids), by default the newest of a key against the one before. */
  async function pair(req: Request): Promise<{ all: DefinitionView[]; from: VersionView | null; to: VersionView | null }> {
    const all = await definitions();
    const versions = all.flatMap((d) => d.versions);
    const to = (isStr(req.query.to) ? versions.find((v) => v.id === req.query.to) : all.find((d) => d.key === 'dsrRequest')?.versions[0] ?? all[0]?.versions[0]) ?? null;
    if (isStr(req.query.to) && !to) throw new NotFoundError(`definition version ${req.query.to} does not exist`);
    const same = to ? all.find((d) => d.key === to.key)!.versions : [];
    const from = (isStr(req.query.from) ? versions.find((v) => v.id === req.query.from) : same.find((v) => to && v.version < to.version)) ?? null;
    if (isStr(req.query.from) && !from) throw new NotFoundError(`definition version ${req.query.from} does not exist`);
    return { all, from, to };
  }

  r.get('/modeler/diff', legal, async (req, res) => {
    const { all, from, to } = await pair(req);
    const diff = from && to ? await diffOf(from.id, to.id) : null;
    const versionsOf = to ? all.find((d) => d.key === to.key)!.versions : [];
    res.send(ctx.pages.page('modeler/diff', pageModel(req, {
      title: 'Primerjava različic postopka',
      from, to, diff,
      sameKey: !!from && !!to && from.key === to.key,
      fromOptions: versionsOf.map((v) => ({ ...v, selected: v.id === from?.id })),
      toOptions: versionsOf.map((v) => ({ ...v, selected: v.id === to?.id })),
      nothing: diff ? !diff.added.length && !diff.removed.length && !diff.changed.length && !diff.layoutChanged.length : false,
      jsonUrl: from && to ? `/modeler/diff.json?from=${encodeURIComponent(from.id)}&to=${encodeURIComponent(to.id)}` : '',
      ...bundle(),
    })));
  });

  r.get('/modeler/diff.json', legal, jsonRoute(async (req, res) => {
    if (!isStr(req.query.from) || !isStr(req.query.to)) throw new NotFoundError('give two versions: ?from=<id>&to=<id>');
    res.set('cache-control', 'no-store').json(await diffOf(req.query.from, req.query.to));
  }));

  return r;
}
