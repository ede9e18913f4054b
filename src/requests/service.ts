import path from 'node:path';
import { toLocalDate } from '../domain/localDate.js';
import type { EntityManager } from 'typeorm';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors.js';
import { LetterRenderer } from '../letters/render.js';
import { DsrRequestEntity, ProcessInstanceEntity, UserTaskEntity, type RequestStatus } from '../persistence/entities/index.js';
import { appendAudit } from '../persistence/audit.js';
import type { System } from '../system.js';
import { registerRequestHandlers } from './handlers.js';
import { registerRequest } from './register.js';
import { RequestEvents } from './events.js';
import { requestView, type RequestView } from './view.js';
import { recordTaskOutcome, validateTaskVariables } from './tasks.js';
import { REMINDER_EFFECT, reminderEffect } from './reminders.js';
import type { RequestInput } from './schemas.js';
import type { RequestDeps } from './context.js';
import type { Role } from '../roles.js';
import type { Mailer } from '../mail/transport.js';
import { logAccess } from './accessLog.js';
import { mayReadCase, type CaseReader } from './caseAccess.js';
import { letterMailEffect, SEND_LETTER_EFFECT } from './letterMail.js';
import { PROCESS_KEY } from './context.js';
import { APPEAL_PROCESS_KEY } from './appeals.js';
import { DEADLINE_WATCH_EFFECT, deadlineWatchEffect } from './missedDeadlines.js';
import { EMAIL_DELIVERY_EFFECT, emailDeliveryEffect } from './emailDelivery.js';

export interface RequestOptions {
  classification: string;
  postalDeliveryDays?: number;
  /** SMTP for letters to e-mail requests; without it they wait in the outbox. */
  mail?: { mailer: Mailer; from: string };
  /** N16.1: the IBAN fees are paid to, printed in decision letters that charge one. */
  feeIban?: string;
}

/** The processes whose instances belong to a request (business key = request id): the case's own, and its appeals. */
const REQUEST_PROCESSES = new Set([PROCESS_KEY, APPEAL_PROCESS_KEY]);

/** The use cases of data-subject requests, as the HTTP layer and scripts call them. */
export class RequestService {
  readonly events: RequestEvents;

  constructor(private readonly system: System, readonly deps: RequestDeps) {
    this.events = new RequestEvents(system.host, deps);
  }

  async register(input: RequestInput, actor: string, also?: (tx: EntityManager, requestId: string) => Promise<void>): Promise<RequestView> {
    const id = await registerRequest(this.system.host, this.deps, input, actor, also);
    return this.view(id);
  }

  async view(id: string): Promise<RequestView> {
    return this.system.db.read(async (m) => {
      const row = await m.getRepository(DsrRequestEntity).findOneBy({ id });
      if (!row) throw new NotFoundError(`request ${id} does not exist`);
      return requestView(m, row, this.deps.clock.now());
    });
  }

  /** Personal data are read: the read is logged (ZVOP-2 traceability, X6). */
  async viewLogged(id: string, actor: string, data: Record<string, unknown> = {}): Promise<RequestView> {
    const view = await this.view(id);
    await logAccess(this.system.db, this.deps.clock.now(), { actor, type: 'request.viewed', requestIds: [id], data: { caseNumber: view.caseNumber, ...data } });
    return view;
  }

  /**
   * 404 for a case that does not exist, 403 (and a `security.denied` event) for one this reader may not
   * see: a records owner only reads the cases of its own open tasks (issue 10 #6).
   */
  async assertMayRead(id: string, reader: CaseReader, path: string): Promise<void> {
    const { db } = this.system;
    const allowed = await db.read(async (m) => {
      if (!(await m.getRepository(DsrRequestEntity).exists({ where: { id } }))) throw new NotFoundError(`request ${id} does not exist`);
      return mayReadCase(m, id, reader);
    });
    if (allowed) return;
    const now = this.deps.clock.now();
    await db.transaction((tx) => appendAudit(tx, db, [{ at: now, actor: reader.username, type: 'security.denied', subjectId: id, data: { path, needs: 'an open task on the case' } }]));
    throw new ForbiddenError(`request ${id} is not among the cases of your tasks`);
  }

  /** The case for this reader (checked as assertMayRead), its read logged. */
  async readCase(id: string, reader: CaseReader, path: string, data: Record<string, unknown> = {}): Promise<RequestView> {
    await this.assertMayRead(id, reader, path);
    return this.viewLogged(id, reader.username, data);
  }

  /** A page of requests (as `list`), the cases it carried logged as one read (issue 10 #4). */
  async listLogged(filter: Parameters<RequestService['list']>[0], actor: string, data: Record<string, unknown> = {}): Promise<{ items: RequestView[]; total: number }> {
    const page = await this.list(filter);
    await logAccess(this.system.db, this.deps.clock.now(), {
      actor, type: 'requests.listed', requestIds: page.items.map((v) => v.id),
      data: { ...data, filter: { ...filter }, shown: page.items.length, total: page.total },
    });
    return page;
  }

  /**
   * A page of requests, newest first. Filters run in SQL (overdue: an open task past its due date, or an
   * undecided request past its decision due date, as the view says); full views are built for the page only.
   */
  async list(filter: { status?: RequestStatus; overdue?: boolean; limit: number; offset: number }): Promise<{ items: RequestView[]; total: number }> {
    return this.system.db.read(async (m) => {
      const now = this.deps.clock.now();
      const today = toLocalDate(now);
      const qb = m.getRepository(DsrRequestEntity).createQueryBuilder('r');
      if (filter.status) qb.andWhere('r.status = :status', { status: filter.status });
      if (filter.overdue !== undefined) {
        const late = `(EXISTS (SELECT 1 FROM user_task t WHERE t.instance_id = r.instance_id AND t.status = 'open' AND t.due < :today)
          OR (r.decided_on IS NULL AND r.decision_due < :today AND r.status NOT IN ('awaiting_remedy', 'closed', 'dismissed')))`;
        qb.andWhere(filter.overdue ? late : `NOT ${late}`, { today });
      }
      const [rows, total] = await qb.orderBy('r.receivedAt', 'DESC').addOrderBy('r.id', 'ASC').skip(filter.offset).take(filter.limit).getManyAndCount();
      const items = await Promise.all(rows.map((row) => requestView(m, row, now)));
      return { items, total };
    });
  }

  /** Is this process instance a request's? Then its tasks are completed here. */
  async requestIdOfInstance(instanceId: string): Promise<string | null> {
    const i = await this.system.db.read((m) => m.getRepository(ProcessInstanceEntity).findOneBy({ id: instanceId }));
    return i && REQUEST_PROCESSES.has(i.definitionKey) ? i.businessKey : null;
  }

  async completeTask(taskId: string, body: unknown, actor: string, roles: readonly Role[]): Promise<RequestView> {
    const task = await this.system.db.read((m) => m.getRepository(UserTaskEntity).findOneBy({ id: taskId }));
    if (!task) throw new NotFoundError(`task ${taskId} does not exist`);
    if (!task.candidateRoles.split(',').some((r) => roles.includes(r as Role))) throw new ForbiddenError(`task ${taskId} is for the roles ${task.candidateRoles}`);
    if (task.status !== 'open') throw new ConflictError(`task ${taskId} is no longer open`, 'task_not_open');
    if (task.assignee && task.assignee !== actor) throw new ConflictError(`task ${taskId} is claimed by ${task.assignee}`, 'task_claimed');
    const requestId = await this.requestIdOfInstance(task.instanceId);
    if (!requestId) throw new NotFoundError(`task ${taskId} belongs to no request`);
    const row = await this.system.db.read((m) => m.getRepository(DsrRequestEntity).findOneByOrFail({ id: requestId }));
    const variables = validateTaskVariables(task, body ?? {}, this.deps, row.channel);
    await this.system.host.completeTask(taskId, {
      actor, variables,
      beforeStep: (tx) => recordTaskOutcome(tx, requestId, task, variables, this.deps.clock.now(), actor, roles),
    });
    return this.view(requestId);
  }
}

/** Register the request handlers and effects on a system; call before processes/ is deployed. */
export function installRequests(system: System, o: RequestOptions): RequestService {
  const deps: RequestDeps = {
    db: system.db, clock: system.clock, rules: system.rules,
    letters: new LetterRenderer(path.join(system.projectRoot, 'views', 'letters'), { db: system.db, clock: system.clock }),
    classification: o.classification, postalDeliveryDays: o.postalDeliveryDays ?? 3, mailEnabled: Boolean(o.mail), feeIban: o.feeIban,
  };
  registerRequestHandlers(system.handlers, deps);
  system.effects.set(REMINDER_EFFECT, reminderEffect(deps));
  system.effects.set(DEADLINE_WATCH_EFFECT, deadlineWatchEffect(deps));
  if (o.mail) system.effects.set(SEND_LETTER_EFFECT, letterMailEffect(deps, o.mail.mailer, o.mail.from));
  const service = new RequestService(system, deps);
  system.effects.set(EMAIL_DELIVERY_EFFECT, emailDeliveryEffect(() => service.events));
  return service;
}
