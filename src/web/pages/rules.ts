import express, { Router, type Request, type Response } from 'express';
import Handlebars from 'handlebars';
import { ConflictError, NotFoundError } from '../../errors.js';
import { evaluateRuleSet } from '../../rules/evaluate.js';
import { ruleSetHash, RuleSetInvalidError, type RuleSet } from '../../rules/ruleSet.js';
import type { RuleSetEntry } from '../../rules/service.js';
import { allowPage, pageModel } from '../middleware.js';
import type { WebContext } from '../context.js';
import type { Model } from '../render.js';
import { group, list, text } from '../cases/forms.js';
import {
  benchFields, benchOf, checkRuleSet, eventTypes, explanationView, factSpecs, factsFromBench, jsonText, parseJsonText, placeIssues, rulesView,
  type BenchInput, type Check, type PlacedIssue,
} from '../rules/editing.js';
import { GROUP_LABELS, KIND_LABELS, NOTICES, OPERATOR_LABELS, OPERATORS_BY_KIND } from '../rules/labels.js';
import { rejectDeepJson } from '../../http/jsonDepth.js';

/** What the editor page holds between round trips: the edited JSON and the bench, as typed. */
interface EditState {
  text: string;
  note: string;
  /** The seq the edit started from: a deploy over a version someone else deployed meanwhile is stopped once. */
  baseSeq: number | null;
  bench: BenchInput;
  testName: string;
  expect: string[];
  issues?: PlacedIssue[];
  benchIssues?: PlacedIssue[];
  benchResult?: ReturnType<typeof explanationView> | null;
  refused?: boolean;
  conflict?: string;
  flash?: string;
  opened?: { seq: number; version: string } | null;
}

const benchInput = (v: unknown): BenchInput => Object.fromEntries(Object.entries(group(v)).map(([k, x]) => [k, Array.isArray(x) ? list(x) : text(x)]));
const seqOf = (v: unknown): number | null => (/^\d{1,9}$/.test(text(v)) ? Number(text(v)) : null);
const refOf = (v: string): string | number => (/^\d{1,9}$/.test(v) ? Number(v) : v);

/** The data the structured editor (views/static/rules-editor.js) needs besides the rule set itself. */
const EDITOR_SPEC = JSON.stringify({ operators: OPERATOR_LABELS, byKind: OPERATORS_BY_KIND, groups: GROUP_LABELS, kinds: KIND_LABELS });

/**
 * The rules editor (issue 7 item 3), for legal staff: the rule sets with their versions; one rule set edited as
 * structured conditions (rules-editor.js) or as raw JSON (works without JavaScript), a test bench on the
 * EDITED rule set with the explanation of every condition, the saved test cases with pass/fail, deploy with a
 * change note (refused while a saved test case fails), and the versions with rollback.
 */
export function rulesPages(ctx: WebContext): Router {
  const r = Router();
  const rules = ctx.system.rules;
  void rules.connect(ctx.system.db, () => ctx.system.clock.now()).catch(() => undefined);
  const legal = allowPage(ctx, 'rules.deploy');
  const jsonBody = express.json({ limit: '1mb', verify: rejectDeepJson });

  const entryOf = (name: string): RuleSetEntry => {
    const e = rules.names().includes(name) ? rules.get(name) : undefined;
    if (!e) throw new NotFoundError(`no rule set named "${name}"`);
    return e;
  };

  // ---------------------------------------------------------------- the list

  r.get('/rules', legal, async (req, res) => {
    await rules.refresh();
    const items = rules.names().map((name) => {
      const e = rules.get(name)!;
      return { name, description: e.ruleSet.description, version: e.version, seq: e.seq, author: e.author, deployedAt: e.deployedAt, note: e.note, rules: e.ruleSet.rules.length, tests: e.ruleSet.tests.length };
    });
    res.send(ctx.pages.page('rules/list', pageModel(req, { title: 'Pravila', items, styles: ['/static/rules.css'] })));
  });

  // ---------------------------------------------------------------- one rule set

  r.get('/rules/:name', legal, async (req, res) => {
    await rules.refresh();
    const name = String(req.params.name);
    const entry = entryOf(name);
    let ruleSet: RuleSet = entry.ruleSet;
    let opened: EditState['opened'] = null;
    const asked = text(req.query.version);
    if (asked) {
      const v = await rules.version(name, refOf(asked));
      if (!v) throw new NotFoundError(`rule set "${name}" has no version ${asked}`);
      if (v.seq !== entry.seq) {
        ruleSet = v.ruleSet;
        opened = { seq: v.seq, version: v.version };
      }
    }
    const deployed = seqOf(req.query.deployed);
    const rolledBack = seqOf(req.query.rolledBack);
    const flash = deployed ? `Uvedena je različica ${deployed}. Nove ocene uporabljajo njo; zadeve, ocenjene prej, ohranijo svojo različico.`
      : rolledBack ? `Vrnjeno: različica ${rolledBack} je kopija starejše različice in velja od zdaj.`
        : NOTICES[text(req.query.notice)];
    await show(req, res, 200, name, { text: jsonText(ruleSet), note: '', baseSeq: entry.seq, bench: {}, testName: '', expect: [], opened, flash });
  });

  r.post('/rules/:name', legal, async (req, res) => {
    await rules.refresh();
    const name = String(req.params.name);
    const entry = entryOf(name);
    const body = group(req.body);
    const state: EditState = {
      text: text(body.json), note: text(body.note).trim(), baseSeq: seqOf(body.baseSeq), bench: benchInput(body.facts),
      testName: text(body.testName).trim(), expect: list(body.expect),
    };
    const action = text(body.action);
    const { json, issue } = parseJsonText(state.text);
    if (issue) return show(req, res, 422, name, { ...state, issues: [issue], refused: action === 'deploy' });

    if (action === 'deploy') {
      const unchanged = validHash(json) === entry.hash;
      if (!unchanged && state.baseSeq !== null && entry.seq !== null && state.baseSeq !== entry.seq) {
        return show(req, res, 409, name, {
          ...state, baseSeq: entry.seq,
          conflict: `Medtem je ${entry.author ?? 'nekdo'} uvedel različico ${entry.seq}. Vaše spremembe so ohranjene spodaj; preglejte jih in znova kliknite »Uvedi«, če naj veljajo namesto nje.`,
        });
      }
      try {
        const out = await rules.deploy(name, json, req.webUser!.username, state.note || null);
        return res.redirect(303, `/rules/${encodeURIComponent(name)}?${out.created ? `deployed=${out.stored.seq}` : 'notice=unchanged'}`);
      } catch (err) {
        if (err instanceof RuleSetInvalidError) return show(req, res, 422, name, { ...state, refused: true });
        if (err instanceof ConflictError) return show(req, res, 409, name, { ...state, conflict: 'Hkrati je bila uvedena druga različica. Poskusite znova.' });
        throw err;
      }
    }

    if (action === 'evaluate' || action === 'addTest') {
      const check = await checkRuleSet(json, name);
      const bench = await runBench(check, state.bench);
      if (action === 'evaluate' || bench.issues.length || !check.ruleSet) {
        // The events just produced are offered as the expectation of a new test case.
        return show(req, res, bench.issues.length ? 422 : 200, name, { ...state, expect: state.expect.length ? state.expect : bench.events, benchResult: bench.result, benchIssues: bench.issues });
      }
      const edited = check.ruleSet;
      const testName = state.testName || `testni primer ${edited.tests.length + 1}`;
      edited.tests.push({ name: testName, facts: bench.facts, expectEvents: state.expect });
      return show(req, res, 200, name, {
        ...state, text: jsonText(edited), testName: '', benchResult: bench.result,
        flash: `Testni primer »${testName}« je dodan urejeni različici; shranjen bo z uvedbo.`,
      });
    }
    if (action === 'loadTest') {
      const check = await checkRuleSet(json, name);
      const t = check.ruleSet?.tests[Number(text(req.query.test))];
      return show(req, res, 200, name, { ...state, bench: t ? benchOf(t.facts) : state.bench, expect: t ? t.expectEvents : state.expect });
    }
    // "Preveri" (and Enter in a field): the edited rule set checked, nothing stored
    return show(req, res, 200, name, state);
  });

  r.post('/rules/:name/rollback', legal, async (req, res) => {
    const name = String(req.params.name);
    entryOf(name);
    const body = group(req.body);
    const version = text(body.version);
    if (!version) throw new NotFoundError('no version given');
    const out = await rules.rollback(name, refOf(version), req.webUser!.username, text(body.note).trim() || null);
    res.redirect(303, `/rules/${encodeURIComponent(name)}?${out.created ? `rolledBack=${out.stored.seq}` : 'notice=unchanged'}`);
  });

  // ---------------------------------------------------------------- JSON for rules-editor.js (session + x-csrf-token)

  r.post('/rules/:name/check', legal, jsonBody, async (req, res) => {
    const name = String(req.params.name);
    const entry = entryOf(name);
    const check = await checkRuleSet(group(req.body).ruleSet, name);
    res.json({
      ok: check.deployable, issues: check.issues,
      tests: check.tests, failing: check.failing.length,
      changed: validHash(group(req.body).ruleSet) !== entry.hash,
    });
  });

  r.post('/rules/:name/bench', legal, jsonBody, async (req, res) => {
    const name = String(req.params.name);
    entryOf(name);
    const body = group(req.body);
    const check = await checkRuleSet(body.ruleSet, name);
    const bench = await runBench(check, benchInput(body.bench));
    res.json({
      ok: bench.issues.length === 0, facts: bench.facts, events: bench.events, issues: bench.issues,
      html: ctx.pages.fragment('rules/bench-result', { benchResult: bench.result, benchIssues: bench.issues }),
    });
  });

  /** Evaluate the edited rule set on the bench's facts, with the explanation of every condition. */
  async function runBench(check: Check, typed: BenchInput) {
    const none = { result: null, facts: {}, events: [] as string[] };
    if (!check.ruleSet) return { ...none, issues: check.issues.length ? check.issues : [{ path: '', where: 'Nabor pravil', message: 'Popravite nabor pravil, preden ga preizkusite.' }] };
    const converted = factsFromBench(factSpecs(check.ruleSet.factsSchema), typed);
    if (converted.issues.length) return { ...none, facts: converted.facts, issues: placeIssues(converted.issues, check.ruleSet) };
    try {
      const e = await evaluateRuleSet(check.ruleSet, converted.facts, { explain: true });
      return { result: explanationView(e), facts: converted.facts, events: e.events.map((x) => x.type), issues: [] as PlacedIssue[] };
    } catch (err) {
      const details = (err as { details?: { path: string; message: string }[] }).details;
      const issues = details?.length ? placeIssues(details, check.ruleSet) : [{ path: '', where: 'Nabor pravil', message: `Pravil ni mogoče ovrednotiti: ${(err as Error).message}` }];
      return { ...none, facts: converted.facts, issues };
    }
  }

  async function show(req: Request, res: Response, status: number, name: string, state: EditState) {
    const entry = entryOf(name);
    const { json, issue } = parseJsonText(state.text);
    const check = issue ? null : await checkRuleSet(json, name);
    // The structured view and the bench follow the edited rule set while its shape allows it.
    const shown = check?.ruleSet ?? entry.ruleSet;
    const specs = factSpecs(shown.factsSchema);
    const versions = await rules.versions(name);
    const issues = state.issues ?? check?.issues ?? [];
    const tests = (check?.tests ?? []).map((t) => ({ ...t, expectedText: t.expected.join(', ') || 'nobenega', gotText: t.got.join(', ') || 'nobenega' }));
    const failing = tests.filter((t) => !t.passed);
    const types = eventTypes(shown);
    const model: Model = {
      title: `Pravila: ${name}`, name, description: shown.description,
      current: { version: entry.version, seq: entry.seq, author: entry.author, deployedAt: entry.deployedAt, note: entry.note },
      changed: check?.ruleSet ? validHash(check.ruleSet) !== entry.hash : true,
      opened: state.opened ?? null,
      json: state.text, note: state.note, baseSeq: state.baseSeq ?? '',
      issues, structureBroken: !check?.ruleSet,
      rules: rulesView(shown), facts: specs.map((s) => ({ ...s, valuesText: s.values.map(String).join(', ') })),
      bench: benchFields(specs, state.bench),
      benchHtml: new Handlebars.SafeString(ctx.pages.fragment('rules/bench-result', { benchResult: state.benchResult ?? null, benchIssues: state.benchIssues ?? [] })),
      eventChoices: types.map((t) => ({ value: t, checked: state.expect.includes(t) })),
      testName: state.testName,
      tests,
      testsRun: Boolean(check?.ruleSet), failing, passingCount: tests.length - failing.length,
      refused: state.refused === true, conflict: state.conflict, flash: state.flash,
      deployable: Boolean(check?.deployable),
      versions: versions.map((v) => ({ ...v, current: v.seq === versions[0]?.seq, canRollback: v.seq !== versions[0]?.seq && v.version !== entry.version })),
      editorSpec: EDITOR_SPEC,
      scripts: ['/static/rules-editor.js'], styles: ['/static/rules.css'],
    };
    res.status(status).send(ctx.pages.page('rules/edit', pageModel(req, model)));
  }

  return r;
}

/** The content hash of an edited rule set, or '' when it is not even shaped like one. */
function validHash(json: unknown): string {
  return json && typeof json === 'object' && !Array.isArray(json) ? ruleSetHash(json as RuleSet) : '';
}
