import type { FieldIssue } from '../../errors.js';
import type { Role } from '../../roles.js';
import { rolesFor, type Action } from '../../permissions.js';
import type { RequestService } from '../../requests/service.js';
import type { RequestView } from '../../requests/view.js';
import { AppealClosedSchema, AppealSchema, ClarificationSchema, DeliverySchema, ExtensionSchema, FeePaymentSchema, RemedySchema, ReopenSchema } from '../../requests/schemas.js';
import { recordFeePayment } from '../../requests/feePayment.js';
import { parseInput } from '../../http/validate.js';
import { list, optional, text } from './forms.js';
import { ljubljanaInstant, ljubljanaParts } from './time.js';

export type ActionName = 'remedy' | 'extension' | 'delivery' | 'clarification' | 'appeal' | 'appeal-closed' | 'reopen' | 'fee-payment';

/** What the case page knows when it decides which actions of the moment to offer. */
export interface ActionContext {
  view: RequestView;
  /** Where the process instance waits now (trace). */
  waiting: readonly string[];
  /** Today in Ljubljana. */
  today: string;
}

export interface ActionSpec {
  name: ActionName;
  /** Its action in the permission table (the same as the API's event). */
  permission: Action;
  /** Who may do it, from the permission table (the server checks; the page only offers it to them). */
  roles: readonly Role[];
  /** Whether the state of the case allows it now; the service checks again and answers with a ConflictError. */
  available(c: ActionContext): boolean;
  /** The values a fresh form shows. */
  defaults(now: Date, view: RequestView): Record<string, unknown>;
  /** The typed form as the event's body (docs/api.md, "Events from outside"), and what is wrong with it already. */
  read(body: Record<string, unknown>): { input: unknown; issues: FieldIssue[] };
  /** Validates the body with the event's schema (ValidationError with field paths) and calls the RequestEvents method. */
  run(service: RequestService, id: string, input: unknown, actor: string, roles: readonly Role[]): Promise<void>;
  /** Slovenian words where the schema's message is zod's English default. */
  fallback: Record<string, string>;
  /** Words for staff instead of a schema message written for API clients. */
  always?: Record<string, string>;
}

const instantField = (body: Record<string, unknown>, issues: FieldIssue[]): string => {
  const iso = ljubljanaInstant(text(body.receivedDate), text(body.receivedTime));
  if (!iso) issues.push({ path: 'receivedAt', message: 'Vpišite veljaven datum in uro prejema.' });
  return iso ?? '';
};

const nowParts = (now: Date) => {
  const { date, time } = ljubljanaParts(now);
  return { receivedDate: date, receivedTime: time };
};

const define = (spec: Omit<ActionSpec, 'roles'>): ActionSpec => ({ ...spec, roles: rolesFor(spec.permission) });

/** Where the process waits for the receipt of a letter with a time limit. */
const DELIVERY_WAITS = ['remedyRequestDelivered', 'awaitDelivery', 'awaitDismissalDelivery', 'awaitAnswerDelivery'];
const TIMED_LETTERS = new Set(['remedy_request', 'decision', 'dismissal', 'clarification_answer']);

/** The newest letter of each kind with a time limit whose receipt is not recorded yet, newest first. */
export function deliveryLetters(view: RequestView): RequestView['letters'] {
  const newest = new Map<string, RequestView['letters'][number]>();
  for (const l of view.letters) if (TIMED_LETTERS.has(l.kind)) newest.set(l.kind, l);
  return [...newest.values()].filter((l) => !l.deliveredOn).reverse();
}

const open = (v: RequestView) => v.status !== 'closed' && v.status !== 'dismissed';

/** The actions of the moment on the case page: the events from outside (docs/api.md), each a small form. */
export const ACTIONS = [
  define({
    name: 'remedy', permission: 'requests.remedy',
    available: ({ view }) => view.status === 'awaiting_remedy',
    defaults: (now, view) => ({ ...nowParts(now), rights: view.rights }),
    read: (body) => {
      const issues: FieldIssue[] = [];
      const receivedAt = instantField(body, issues);
      const rights = list(body.rights);
      // No right ticked: the rights on the case stay as they were.
      return { input: { receivedAt, ...(rights.length ? { rights } : {}) }, issues };
    },
    run: (s, id, input, actor) => s.events.remedy(id, parseInput(RemedySchema, input), actor),
    fallback: { rights: 'Izberite pravice s seznama.' },
  }),
  define({
    name: 'extension', permission: 'requests.extension',
    available: ({ view, today }) => open(view) && !view.decision && !view.extension && Boolean(view.deadlines.decisionDue) && today <= view.deadlines.decisionDue!,
    defaults: () => ({ months: '', reasons: '' }),
    read: (body) => ({ input: { months: text(body.months) === '' ? undefined : Number(text(body.months)), reasons: text(body.reasons) }, issues: [] }),
    run: async (s, id, input, actor, roles) => {
      // Too late or already done: that is the answer (409), whatever the form says.
      await s.events.assertExtendable(id);
      await s.events.extend(id, parseInput(ExtensionSchema, input), actor, roles);
    },
    fallback: { months: 'Podaljšanje je 1 ali 2 meseca.', reasons: 'Razlogi so predolgi.' },
  }),
  define({
    name: 'delivery', permission: 'requests.delivery',
    // Issue 16 #8: every letter with a time limit: remedy request, decision, sklep, clarification answer.
    available: ({ waiting }) => DELIVERY_WAITS.some((w) => waiting.includes(w)),
    defaults: (now, view) => ({ deliveredOn: ljubljanaParts(now).date, letterId: deliveryLetters(view)[0]?.id ?? '' }),
    read: (body) => ({ input: { deliveredOn: optional(body.deliveredOn) ?? '', ...(optional(body.letterId) ? { letterId: optional(body.letterId) } : {}) }, issues: [] }),
    run: (s, id, input, actor) => s.events.delivery(id, parseInput(DeliverySchema, input), actor),
    fallback: {},
  }),
  define({
    name: 'clarification', permission: 'requests.clarification',
    available: ({ view, today }) => view.status === 'decided' && Boolean(view.deadlines.clarificationUntil) && today <= view.deadlines.clarificationUntil!,
    defaults: (now) => nowParts(now),
    read: (body) => {
      const issues: FieldIssue[] = [];
      return { input: { receivedAt: instantField(body, issues) }, issues };
    },
    run: (s, id, input, actor) => s.events.clarification(id, parseInput(ClarificationSchema, input), actor),
    fallback: {},
  }),
  define({
    name: 'appeal', permission: 'requests.appeal',
    // N13.1: against a decision or a dismissal, or for silence once the decision deadline has passed.
    available: ({ view, today }) => (!view.flags.appealFiledOn || Boolean(view.flags.appealClosedOn))
      && (Boolean(view.decision) || (Boolean(view.deadlines.decisionDue) && today > view.deadlines.decisionDue!)),
    defaults: (now) => ({ receivedOn: ljubljanaParts(now).date }),
    read: (body) => ({ input: { receivedOn: optional(body.receivedOn) ?? '' }, issues: [] }),
    run: (s, id, input, actor) => s.events.appeal(id, parseInput(AppealSchema, input), actor),
    fallback: {},
  }),
  define({
    name: 'appeal-closed', permission: 'requests.appealClosed',
    available: ({ view }) => Boolean(view.flags.appealFiledOn) && !view.flags.appealClosedOn,
    defaults: (now) => ({ closedOn: ljubljanaParts(now).date, outcome: '' }),
    read: (body) => ({ input: { closedOn: optional(body.closedOn) ?? '', outcome: text(body.outcome) || undefined }, issues: [] }),
    run: (s, id, input, actor, roles) => s.events.appealClosed(id, parseInput(AppealClosedSchema, input), actor, roles),
    fallback: {},
    always: { outcome: 'Izberite izid pritožbenega postopka.' },
  }),
  define({
    // Issue 16 #1: a dismissal set aside by the DPO, with reasons (e.g. a remedy that came in time, found later).
    name: 'reopen', permission: 'requests.reopen',
    available: ({ view }) => view.status === 'dismissed',
    defaults: () => ({ reasons: '', remedyDate: '', remedyTime: '' }),
    read: (body) => {
      const issues: FieldIssue[] = [];
      const remedyAt = text(body.remedyDate) ? ljubljanaInstant(text(body.remedyDate), text(body.remedyTime) || '12:00') : null;
      if (text(body.remedyDate) && !remedyAt) issues.push({ path: 'remedyReceivedAt', message: 'Vpišite veljaven datum in uro prejema dopolnitve.' });
      return { input: { reasons: text(body.reasons), ...(remedyAt ? { remedyReceivedAt: remedyAt } : {}) }, issues };
    },
    run: (s, id, input, actor, roles) => s.events.reopen(id, parseInput(ReopenSchema, input), actor, roles),
    fallback: { reasons: 'Razlogi so predolgi.' },
  }),
  define({
    // N16.1: the person paid (part of) the fee the decision announced.
    name: 'fee-payment', permission: 'requests.feePayment',
    available: ({ view }) => Boolean(view.decision?.fee) && (view.decision?.feeOutstanding ?? 0) > 0,
    defaults: (now, view) => ({ paidOn: ljubljanaParts(now).date, amount: view.decision?.feeOutstanding ? String(view.decision.feeOutstanding.toFixed(2)).replace('.', ',') : '' }),
    read: (body) => {
      const issues: FieldIssue[] = [];
      const raw = text(body.amount).trim().replace(/\s/g, '').replace(',', '.');
      const amount = /^\d{1,6}(\.\d{1,2})?$/.test(raw) ? Number(raw) : undefined;
      if (amount === undefined) issues.push({ path: 'amount', message: 'Znesek je v evrih, npr. 1,20.' });
      return { input: { paidOn: optional(body.paidOn) ?? '', amount }, issues };
    },
    run: (s, id, input, actor) => recordFeePayment(s.deps, id, parseInput(FeePaymentSchema, input), actor),
    fallback: { paidOn: 'Vpišite datum plačila.', amount: 'Vpišite znesek v evrih.' },
  }),
];
