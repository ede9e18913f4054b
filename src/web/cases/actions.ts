import type { FieldIssue } from '../../errors.js';
import type { Role } from '../../roles.js';
import { rolesFor, type Action } from '../../permissions.js';
import type { RequestService } from '../../requests/service.js';
import type { RequestView } from '../../requests/view.js';
import { AppealClosedSchema, AppealSchema, ClarificationSchema, DeliverySchema, ExtensionSchema, RemedySchema } from '../../requests/schemas.js';
import { parseInput } from '../../http/validate.js';
import { list, optional, text } from './forms.js';
import { ljubljanaInstant, ljubljanaParts } from './time.js';

export type ActionName = 'remedy' | 'extension' | 'delivery' | 'clarification' | 'appeal' | 'appeal-closed';

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
  /** The typed form as the event's body (API.md, "Events from outside"), and what is wrong with it already. */
  read(body: Record<string, unknown>): { input: unknown; issues: FieldIssue[] };
  /** Validates the body with the event's schema (ValidationError with field paths) and calls the RequestEvents method. */
  run(service: RequestService, id: string, input: unknown, actor: string): Promise<void>;
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

const open = (v: RequestView) => v.status !== 'closed' && v.status !== 'dismissed';

/** The actions of the moment on the case page: the events from outside (API.md), each a small form. */
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
    run: (s, id, input, actor) => s.events.extend(id, parseInput(ExtensionSchema, input), actor),
    fallback: { months: 'Podaljšanje je 1 ali 2 meseca.', reasons: 'Razlogi so predolgi.' },
  }),
  define({
    name: 'delivery', permission: 'requests.delivery',
    available: ({ view, waiting }) => Boolean(view.decision) && waiting.includes('awaitDelivery'),
    defaults: (now) => ({ deliveredOn: ljubljanaParts(now).date }),
    read: (body) => ({ input: { deliveredOn: optional(body.deliveredOn) ?? '' }, issues: [] }),
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
    available: ({ view }) => Boolean(view.decision) && !view.flags.appealFiledOn,
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
    run: (s, id, input, actor) => s.events.appealClosed(id, parseInput(AppealClosedSchema, input), actor),
    fallback: {},
    always: { outcome: 'Izberite izid pritožbenega postopka.' },
  }),
];
