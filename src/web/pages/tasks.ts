import { Router, type Request, type Response } from 'express';
import Handlebars from 'handlebars';
import { ConflictError, NotFoundError, ValidationError, type FieldIssue } from '../../errors.js';
import { addCalendarDays, toLocalDate } from '../../domain/localDate.js';
import { defaultRemedyDue, minimumRemedyDue } from '../../domain/deadlines.js';
import { appendAudit } from '../../persistence/audit.js';
import { DsrRequestEntity, type UserTaskRow } from '../../persistence/entities/index.js';
import { readRequest, GROUND_LABELS, OUTCOME_LABELS, RIGHT_LABELS, type Request as DsrRequest } from '../../requests/model.js';
import type { RequestView } from '../../requests/view.js';
import { ROLE_LABELS, allowPage, pageModel, type WebUser } from '../middleware.js';
import { logAccess } from '../../requests/accessLog.js';
import { readsEveryCase } from '../../permissions.js';
import type { WebContext } from '../context.js';
import type { Model } from '../render.js';
import {
  CHANNEL_LABELS, DEADLINE_LABELS, METHOD_LABELS, OUTCOME_CHOICES, REPRESENTATIVE_LABELS, STATUS_LABELS, TASK_FORMS, TASK_LABELS,
  isFormKey, type FormKey,
} from '../tasks/labels.js';
import { LIST_LIMIT, mayWorkOn, openTasksFor, rolesOfTask, setAssignee, taskWithRequest } from '../tasks/store.js';
import { URGENCY_LABELS, urgencyOf } from '../tasks/urgency.js';
import { readForm, schemaIssues, slovenianMessage, type FormValues, type RecipientRow } from '../tasks/forms.js';
import { MIN_REASONING_CHARACTERS, MIN_REASONING_WORDS, reasoningSubstance } from '../../domain/reasoning.js';
import { completenessPreview, feePreview, identityPreview, refusalPreview } from '../tasks/previews.js';


/** Slovenian for the conflicts a task page meets (the English message stays in the log and the API). */
const CONFLICTS: Record<string, string> = {
  task_not_open: 'Naloga je že zaključena; drugič je ni mogoče oddati.',
  task_claimed: 'Nalogo je prevzel drug uporabnik; oddati jo lahko le on ali pa jo najprej sprosti.',
  task_not_yours: 'Sprostite lahko le nalogo, ki ste jo prevzeli sami.',
  stale_version: 'Nalogo je medtem spremenil nekdo drug; osvežite stran in poskusite znova.',
};
const conflictText = (err: ConflictError) => CONFLICTS[err.code] ?? 'Dejanje v tem stanju zadeve ni mogoče.';

const NOTICES: Record<string, string> = { claimed: 'Naloga je prevzeta.', released: 'Naloga je sproščena.', completed: 'Naloga je oddana.' };

/** Where a claim or release goes back to: only our own list or a task page (no open redirect). */
function backTo(raw: unknown, notice: string): string {
  const back = typeof raw === 'string' && /^\/tasks(\/[A-Za-z0-9-]+)?(\?[^\s#]*)?$/.test(raw) ? raw : '/tasks';
  const url = new URL(back, 'http://local');
  url.searchParams.set('notice', notice);
  return `${url.pathname}${url.search}`;
}

const q = (v: unknown) => (typeof v === 'string' ? v : '');

/** The task list (issue 5 item 2) and the task forms (item 3). */
export function taskPages(ctx: WebContext): Router {
  const r = Router();
  const today = () => toLocalDate(ctx.system.clock.now());

  // ---------------------------------------------------------------- the list

  async function showList(req: Request, res: Response, status: number, problem?: string) {
    const user = req.webUser!;
    const all = await openTasksFor(ctx.system, user);
    const day = today();
    const key = q(req.query.key);
    const onlyMine = q(req.query.mine) === '1';
    const onlyOverdue = q(req.query.overdue) === '1';
    const rows = all.map((t) => ({ ...t, urgency: urgencyOf(t.task.due, day), mine: t.task.assignee === user.username }));
    const counts = {
      all: rows.length,
      mine: rows.filter((t) => t.mine).length,
      overdue: rows.filter((t) => t.urgency === 'overdue').length,
      soon: rows.filter((t) => t.urgency === 'soon').length,
    };
    const byKey = new Map<string, { label: string; count: number }>();
    for (const t of rows) {
      const e = byKey.get(t.task.key) ?? { label: isFormKey(t.task.key) ? TASK_LABELS[t.task.key] : t.task.name, count: 0 };
      e.count += 1;
      byKey.set(t.task.key, e);
    }
    const order = (k: string) => (isFormKey(k) ? TASK_FORMS.indexOf(k) : TASK_FORMS.length);
    const keyOptions = [...byKey.entries()].sort(([a], [b]) => order(a) - order(b)).map(([value, e]) => ({ value, label: e.label, count: e.count, selected: value === key }));
    if (key && !byKey.has(key)) keyOptions.push({ value: key, label: isFormKey(key) ? TASK_LABELS[key] : key, count: 0, selected: true });
    const filtered = rows.filter((t) => (!key || t.task.key === key) && (!onlyMine || t.mine) && (!onlyOverdue || t.urgency === 'overdue'));
    const items = filtered.slice(0, LIST_LIMIT).map((t) => ({
      id: t.task.id, key: t.task.key, name: t.task.name, due: t.task.due,
      urgency: t.urgency, urgencyLabel: t.urgency ? URGENCY_LABELS[t.urgency] : '',
      requestId: t.requestId, caseNumber: t.caseNumber, person: t.person,
      assignee: t.task.assignee, mine: t.mine,
      canClaim: !t.task.assignee && mayWorkOn(user, t.task),
      canRelease: t.mine,
      roles: rolesOfTask(t.task).map((x) => ROLE_LABELS[x as keyof typeof ROLE_LABELS] ?? x).join(', '),
    }));
    const filtering = Boolean(key || onlyMine || onlyOverdue);
    // Each row names the person of its case: the cases shown are read (issue 10 #4).
    await logAccess(ctx.system.db, ctx.system.clock.now(), { actor: user.username, type: 'tasks.listed', requestIds: items.map((t) => t.requestId), data: { via: 'web', tasks: items.length } });
    res.status(status).send(ctx.pages.page('tasks/list', pageModel(req, {
      title: 'Naloge', today: day, items, counts, keyOptions,
      filter: { key, mine: onlyMine, overdue: onlyOverdue, active: filtering },
      shown: items.length, matched: filtered.length, truncated: filtered.length > items.length, limit: LIST_LIMIT,
      // Claim and release come back to this very list, filters included (without the last notice).
      back: req.method === 'GET' ? req.originalUrl.replace(/([?&])notice=[^&]*&?/, '$1').replace(/[?&]$/, '') : '/tasks',
      problem, flash: NOTICES[q(req.query.notice)],
    })));
  }

  r.get('/tasks', allowPage(ctx, 'tasks.desk'), async (req, res) => {
    await showList(req, res, 200);
  });

  for (const action of ['claim', 'release'] as const) {
    r.post(`/tasks/:id/${action}`, allowPage(ctx, 'tasks.desk'), async (req, res) => {
      try {
        await setAssignee(ctx.system, String(req.params.id), req.webUser!, action);
      } catch (err) {
        if (err instanceof ConflictError) return showList(req, res, 409, conflictText(err));
        throw err;
      }
      res.redirect(303, backTo(req.body?.back, action === 'claim' ? 'claimed' : 'released'));
    });
  }

  // ---------------------------------------------------------------- the forms

  /** The task, if this user may work on it and it is still open; otherwise the page that says why. */
  async function openTask(req: Request, res: Response): Promise<{ task: UserTaskRow & { key: FormKey }; requestId: string } | null> {
    const user = req.webUser!;
    const { task, requestId } = await taskWithRequest(ctx.system, String(req.params.id));
    if (!requestId || !isFormKey(task.key)) throw new NotFoundError(`task ${task.id} has no form`);
    if (!mayWorkOn(user, task)) {
      const roles = rolesOfTask(task);
      await ctx.system.db.transaction((tx) => appendAudit(tx, ctx.system.db, [{ at: ctx.system.clock.now(), actor: user.username, type: 'security.denied', subjectId: requestId, data: { path: req.originalUrl, needs: roles } }]));
      res.status(403).send(ctx.pages.page('error', pageModel(req, {
        title: 'Dostop zavrnjen', message: `To nalogo opravi: ${roles.map((x) => ROLE_LABELS[x as keyof typeof ROLE_LABELS] ?? x).join(' ali ')}.`,
      })));
      return null;
    }
    if (task.status !== 'open') {
      gone(req, res, requestId, CONFLICTS.task_not_open!);
      return null;
    }
    return { task: task as UserTaskRow & { key: FormKey }, requestId };
  }

  function gone(req: Request, res: Response, requestId: string, message: string) {
    res.status(409).send(ctx.pages.page('tasks/gone', pageModel(req, { title: 'Naloga ni več odprta', message, requestId })));
  }

  r.get('/tasks/:id', allowPage(ctx, 'tasks.desk'), async (req, res) => {
    const open = await openTask(req, res);
    if (!open) return;
    await renderForm(req, res, 200, open.task, open.requestId, { values: null, issues: [] });
  });

  r.post('/tasks/:id', allowPage(ctx, 'tasks.desk'), async (req, res) => {
    const open = await openTask(req, res);
    if (!open) return;
    const { task, requestId } = open;
    const user = req.webUser!;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const form = readForm(task.key, body);
    // Buttons that only redraw the form (more rows, a fresh look at the rules): nothing is completed.
    if (body._more !== undefined || body._preview !== undefined) {
      return renderForm(req, res, 200, task, requestId, { values: form.values, issues: [], moreRows: body._more !== undefined });
    }
    if (form.issues.length) {
      const rest = schemaIssues(task.key, form.variables).filter((i) => !form.issues.some((f) => f.path === i.path));
      return renderForm(req, res, 422, task, requestId, { values: form.values, issues: [...form.issues, ...rest] });
    }
    try {
      const view = await ctx.requests.completeTask(task.id, form.variables, user.username, user.roles);
      // Back to the case, for those who read every case; a records owner, whose reading ends with its task, back to its list.
      res.redirect(303, readsEveryCase(user.roles) ? `/requests/${encodeURIComponent(view.id)}?done=${task.key}` : '/tasks?notice=completed');
    } catch (err) {
      if (err instanceof ValidationError) return renderForm(req, res, 422, task, requestId, { values: form.values, issues: err.details });
      if (err instanceof ConflictError) {
        if (err.code === 'task_not_open') return gone(req, res, requestId, CONFLICTS.task_not_open!);
        return renderForm(req, res, 409, task, requestId, { values: form.values, issues: [], conflict: conflictText(err) });
      }
      throw err;
    }
  });

  interface FormState {
    values: FormValues | null;
    issues: readonly FieldIssue[];
    conflict?: string;
    moreRows?: boolean;
  }

  async function renderForm(req: Request, res: Response, status: number, task: UserTaskRow & { key: FormKey }, requestId: string, state: FormState) {
    const user = req.webUser!;
    // Reading the case shows personal data: the view is logged (ZVOP-2 traceability).
    const view = await ctx.requests.viewLogged(requestId, user.username);
    const row = await ctx.system.db.read((m) => m.getRepository(DsrRequestEntity).findOneBy({ id: requestId }));
    if (!row) throw new NotFoundError(`request ${requestId} does not exist`);
    const r = readRequest(row);
    const day = today();
    const placed = placeIssues(state.issues);
    const values: FormValues = state.values ?? {};
    const model: Model = {
      title: `${task.name} · ${view.caseNumber}`,
      task: taskModel(task, user, day),
      caseInfo: caseModel(view, r),
      values, errors: placed.errors, summary: placed.summary, conflict: state.conflict,
      scripts: ['/static/forms.js'],
    };
    Object.assign(model, await formSpecifics(task.key, r, view, day, values, state, placed.rowErrors));
    model.factsHtml = new Handlebars.SafeString(ctx.pages.fragment('tasks/facts', model));
    model.headerHtml = new Handlebars.SafeString(ctx.pages.fragment('tasks/header', pageModel(req, model)));
    res.status(status).send(ctx.pages.page(`forms/${task.key}`, pageModel(req, model)));
  }

  /** What each form needs beyond the common parts: defaults, choices, rule previews. */
  async function formSpecifics(key: FormKey, r: DsrRequest, view: RequestView, day: string, values: FormValues, state: FormState, rowErrors: Map<number, Record<string, string>>): Promise<Model> {
    switch (key) {
      case 'checkCompleteness': {
        const preview = await completenessPreview(ctx.system.rules, r);
        const delivery = r.row.channel === 'email' ? 0 : ctx.requests.deps.postalDeliveryDays;
        const minimum = minimumRemedyDue(addCalendarDays(day, delivery));
        const byDefault = defaultRemedyDue(day, delivery);
        // First look: what the rules find lacking is offered as the list of what is missing.
        if (state.values === null && preview.gaps.length) values.missing = preview.gaps.join('\n');
        return { preview, remedy: { minimum: minimum.due, minimumExplanation: minimum.explanation, byDefault: byDefault.due, byDefaultExplanation: byDefault.explanation, delivery } };
      }
      case 'verifyIdentity': {
        const preview = await identityPreview(ctx.system.rules, r);
        return { preview, methods: preview.methods.map((m) => ({ ...m, checked: values.method === m.value })), channelLabel: CHANNEL_LABELS[r.row.channel] };
      }
      case 'checkRecords':
        return {};
      case 'decide': {
        const grounds = Array.isArray(values.grounds) ? (values.grounds as string[]) : [];
        const str = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : '');
        const typed = { reasoning: str('reasoning'), protectedPersonsAffected: str('protectedPersonsAffected') === 'true', abusiveIntentShown: str('abusiveIntentShown') === 'true' };
        const preview = await refusalPreview(ctx.system, r, typed, day);
        // N16.1: the fee the tariff gives for what is entered, shown before the decision is made.
        const quantities: Record<string, number> = {};
        for (const [k, v] of Object.entries(values)) {
          const m = /^(?:pages|media)\.(.+)$/.exec(k);
          if (m && typeof v === 'string' && /^\d{1,6}$/.test(v.trim())) quantities[m[1]!] = (quantities[m[1]!] ?? 0) + Number(v.trim());
        }
        const copy = str('copyNumber').trim();
        const fee = await feePreview(ctx.system.rules, {
          outcome: str('outcome'), grounds, reasoning: typed.reasoning, abusiveIntentShown: typed.abusiveIntentShown,
          manifestlyUnfoundedOrExcessive: str('manifestlyUnfoundedOrExcessive') === 'true', copyNumber: /^\d{1,3}$/.test(copy) && Number(copy) >= 1 ? Number(copy) : undefined, quantities,
        });
        const substance = reasoningSubstance(typed.reasoning);
        return {
          preview, fee, reasoningLength: typed.reasoning.trim().length, reasoningWords: substance.words,
          minReasoning: { characters: MIN_REASONING_CHARACTERS, words: MIN_REASONING_WORDS },
          tariffItems: (fee?.items ?? []).map((i) => {
            const group = /^(?:page|colourPage)/.test(i.item) ? 'pages' : 'media';
            return { ...i, group, name: `${group}[${i.item}]`, id: `${group}-${i.item}`, value: str(`${group}.${i.item}`) };
          }),
          outcomes: Object.entries(OUTCOME_CHOICES).map(([value, label]) => ({ value, label, checked: values.outcome === value })),
          grounds: preview.grounds.map((g) => ({ ...g, checked: grounds.includes(g.value) })),
          art23Found: r.flags.art23Restriction === true,
        };
      }
      case 'notifyRecipients': {
        const filled = (values.recipients as RecipientRow[] | undefined) ?? [];
        const blanks = (filled.length === 0 ? 3 : 1) + (state.moreRows ? 3 : 0);
        const rows = [...filled, ...Array.from({ length: blanks }, () => ({ name: '', notifiedOn: '', impossibleReason: '' }))]
          .map((x, i) => ({ ...x, i, n: i + 1, errors: rowErrors.get(i) ?? {} }));
        return { rows, decision: view.decision ? { ...view.decision, outcomeText: OUTCOME_LABELS[view.decision.outcome] } : null };
      }
      case 'answerClarification':
        return { decision: view.decision ? { ...view.decision, outcomeText: OUTCOME_LABELS[view.decision.outcome] } : null, clarificationReceivedOn: r.flags.clarificationReceivedOn ?? null };
      case 'issueDismissal':
        return { remedy: { sentOn: r.deadlines.remedyRequestSentOn ?? null, deliveredOn: r.deadlines.remedyRequestDeliveredOn ?? null, due: r.deadlines.remedyDue ?? null, missing: r.flags.missing ?? [] } };
      case 'complyWithAppeal':
        return { appeal: { filedOn: r.flags.appealFiledOn ?? null, closedOn: r.flags.appealClosedOn ?? null }, decision: view.decision ? { ...view.decision, outcomeText: OUTCOME_LABELS[view.decision.outcome] } : null };
    }
  }

  return r;
}

function taskModel(task: UserTaskRow, user: WebUser, day: string) {
  const urgency = urgencyOf(task.due, day);
  return {
    id: task.id, key: task.key, name: task.name, due: task.due, urgency, urgencyLabel: urgency ? URGENCY_LABELS[urgency] : '',
    assignee: task.assignee, mine: task.assignee === user.username, byOther: Boolean(task.assignee && task.assignee !== user.username),
    claimable: !task.assignee,
  };
}

function caseModel(view: RequestView, r: DsrRequest) {
  const s = r.subject;
  return {
    id: view.id, caseNumber: view.caseNumber, status: STATUS_LABELS[view.status] ?? view.status,
    channel: CHANNEL_LABELS[view.channel] ?? view.channel, mailbox: view.mailbox,
    receivedAt: view.receivedAt, filedOn: view.filedOn, receivedOn: view.receivedOn,
    person: `${s.firstName} ${s.lastName}`, subject: s,
    representative: r.representative ? { ...r.representative, kindLabel: REPRESENTATIVE_LABELS[r.representative.kind] ?? r.representative.kind } : null,
    rights: r.rights.map((x) => RIGHT_LABELS[x] ?? x),
    measures: view.measures,
    deadlines: Object.entries(view.deadlines).map(([k, due]) => ({ key: k, label: DEADLINE_LABELS[k] ?? k, due, explanation: view.deadlineExplanations[k] ?? '' })),
    missing: r.flags.missing ?? [],
    identityMethod: r.flags.identityMethod ? METHOD_LABELS[r.flags.identityMethod] ?? r.flags.identityMethod : null,
    collections: r.flags.collections ?? null,
    art23Restriction: r.flags.art23Restriction,
    responsible: view.responsible,
    outsideOfficeHours: r.flags.outsideOfficeHours === true,
    decision: r.decision ? { outcome: OUTCOME_LABELS[r.decision.outcome] ?? r.decision.outcome, decidedOn: r.decision.decidedOn, grounds: r.decision.grounds.map((g) => GROUND_LABELS[g] ?? g), fee: r.decision.fee } : null,
  };
}

/** Radio groups and checkbox lists are reached through their first input. */
const FIRST_INPUT: Record<string, string> = {
  complete: 'complete-true', verified: 'verified-true', method: 'method-qualified_signature', art23Restriction: 'art23Restriction-true',
  outcome: 'outcome-granted', grounds: 'grounds-art15_protected_persons', pages: 'pages-pageA4', media: 'media-cd',
};

/**
 * Each message next to its field: a path's first segment names the field (`missing.2` → missing);
 * `recipients.<i>.<field>` names a row's field. The summary links every message to its input.
 */
function placeIssues(issues: readonly FieldIssue[]) {
  const errors: Record<string, string> = {};
  const rowErrors = new Map<number, Record<string, string>>();
  const summary: { href: string | null; message: string }[] = [];
  const add = (into: Record<string, string>, field: string, message: string) => {
    into[field] = into[field] ? `${into[field]} ${message}` : message;
  };
  for (const i of issues) {
    const message = sentence(slovenianMessage(i.message));
    const [field = '', index, sub] = i.path.split('.');
    if (field === 'recipients' && index !== undefined && /^\d+$/.test(index)) {
      const f = sub ?? 'name';
      const row = rowErrors.get(Number(index)) ?? {};
      add(row, f, message);
      rowErrors.set(Number(index), row);
      summary.push({ href: `#recipients-${index}-${f}`, message: `Uporabnik ${Number(index) + 1}: ${message}` });
      continue;
    }
    if (field && field !== '(body)') {
      add(errors, field, message);
      summary.push({ href: `#${FIRST_INPUT[field] ?? field}`, message });
    } else {
      summary.push({ href: null, message });
    }
  }
  return { errors, rowErrors, summary };
}

/** Messages start with a capital and end with a full stop, however the rules or schemas wrote them. */
function sentence(m: string): string {
  const t = m.trim();
  if (!t) return t;
  const s = t[0]!.toUpperCase() + t.slice(1);
  return /[.!?)]$/.test(s) ? s : `${s}.`;
}

