import type { z } from 'zod';
import type { EntityManager } from 'typeorm';
import { ConflictError, ForbiddenError, ValidationError } from '../errors.js';
import { appealUntil, clarificationAnswerDue, clarificationUntil, decisionDue, extendedDecisionDue, extensionNoticeBy, remedyRequestBy } from '../domain/deadlines.js';
import { formatSlovenian, toLocalDate } from '../domain/localDate.js';
import type { ProcessHost } from '../engine/host.js';
import { terminateInstance } from '../engine/host.js';
import { appendAudit } from '../persistence/audit.js';
import { DsrRequestEntity, LetterEntity, MessageSubscriptionEntity, ProcessInstanceEntity, UserTaskEntity, type LetterKind, type LetterRow } from '../persistence/entities/index.js';
import type { Role } from '../roles.js';
import { subjectFitsColumns, type AppealClosedSchema, type AppealSchema, type ClarificationSchema, type DeliverySchema, type ExtensionSchema, type RemedySchema, type ReopenSchema } from './schemas.js';
import { byIssue } from './letterOrder.js';
import { APPEAL_PROCESS_KEY } from './appeals.js';
import { PROCESS_KEY } from './context.js';
import { scheduleDeadlineWatch } from './missedDeadlines.js';
import { issueLetter } from './letters.js';
import { loadRequest, saveRequest } from './store.js';
import { scheduleReminder } from './reminders.js';
import type { RequestDeps } from './context.js';
import type { Request } from './model.js';

/** Letters with a time limit that runs from the person's receipt: the message each delivery sends to the process. */
const DELIVERY_MESSAGES: Partial<Record<LetterKind, { message: string; variable: string }>> = {
  remedy_request: { message: 'remedyRequestDelivered', variable: 'remedyRequestDeliveredOn' },
  decision: { message: 'decisionDelivered', variable: 'deliveredOn' },
  dismissal: { message: 'dismissalDelivered', variable: 'dismissalDeliveredOn' },
  clarification_answer: { message: 'clarificationAnswerDelivered', variable: 'clarificationAnswerDeliveredOn' },
};
export const LETTERS_WITH_TIME_LIMITS = Object.keys(DELIVERY_MESSAGES) as LetterKind[];

type LetterInfo = Pick<LetterRow, 'id' | 'kind' | 'channel' | 'documentNumber' | 'createdAt' | 'postedOn' | 'sentAt' | 'mailStatus'>;

const requireDpo = (roles: readonly Role[], what: string) => {
  // Art. 8, 13, 14: deciding events are the DPO's; the API's role check is repeated here for every caller.
  if (!roles.includes('dpo')) throw new ForbiddenError(`${what} is for the DPO (pooblaščena oseba)`);
};

/**
 * Events that reach a case from outside the diagram's own flow: a remedy that arrived, an extension,
 * the delivery of the decision, a request for clarification, an appeal. Each is one transaction.
 */
export class RequestEvents {
  constructor(private readonly host: ProcessHost, private readonly deps: RequestDeps) {}

  /** N6.3: the remedy arrived; the request counts as filed on that day and its deadlines start again. */
  async remedy(id: string, body: z.infer<typeof RemedySchema>, actor: string): Promise<void> {
    const now = this.deps.clock.now();
    if (new Date(body.receivedAt).getTime() > now.getTime() + 60_000) throw new ValidationError('a remedy cannot arrive in the future', [{ path: 'receivedAt', message: 'čas prejema je v prihodnosti' }]);
    await this.host.correlateMessage('remedyReceived', { businessKey: id }, {
      actor,
      variables: { remedyReceivedAt: body.receivedAt },
      beforeStep: async (tx) => {
        const r = await loadRequest(tx, id);
        if (r.row.status !== 'awaiting_remedy') throw new ConflictError(`request ${r.row.caseNumber} is not awaiting a remedy (${r.row.status})`, 'not_awaiting_remedy');
        // A remedy answers the request for remedy: it cannot have arrived before it was sent, nor before the request.
        const remedyOn = toLocalDate(new Date(body.receivedAt));
        const floor = r.deadlines.remedyRequestSentOn ?? r.row.receivedOn;
        if (new Date(body.receivedAt).getTime() < r.row.receivedAt.getTime() || remedyOn < floor) {
          throw new ValidationError(`the remedy of ${r.row.caseNumber} cannot arrive before ${r.deadlines.remedyRequestSentOn ? 'the request for remedy' : 'the request'}`, [{ path: 'receivedAt', message: r.deadlines.remedyRequestSentOn ? `poziv k dopolnitvi je bil poslan ${formatSlovenian(floor)}; dopolnitev ne more biti prejeta prej` : `zahteva je bila prejeta ${formatSlovenian(r.row.receivedOn)}; dopolnitev ne more biti prejeta prej` }]);
        }
        // N6.2: the time limit runs only once the receipt of the request for remedy is known; a remedy received
        // within it counts whenever it is registered, as long as the dismissal was not issued (status).
        if (r.deadlines.remedyRequestDeliveredOn && toLocalDate(new Date(body.receivedAt)) > (r.deadlines.remedyDue ?? '9999')) {
          throw new ConflictError(`the remedy of ${r.row.caseNumber} arrived after its time limit ${r.deadlines.remedyDue}`, 'remedy_late');
        }
        if (body.rights) r.rights = body.rights;
        if (body.subject) {
          r.subject = { ...r.subject, ...body.subject };
          const tooLong = subjectFitsColumns(r.subject);
          if (tooLong.length) throw new ValidationError('the name and address of the remedy do not fit', tooLong);
        }
        if (body.measures !== undefined) r.row.measures = body.measures;
        await saveRequest(tx, r, now);
      },
      afterStep: async (tx) => {
        const r = await loadRequest(tx, id);
        await scheduleReminder(tx, id, r.deadlines.decisionDue!, now);
        return [{ at: now, actor, type: 'request.remedied', subjectId: id, data: { receivedAt: body.receivedAt, filedOn: r.row.filedOn, decisionDue: r.deadlines.decisionDue } }];
      },
    });
  }

  /**
   * Whether the case can still be extended, before its body is read: once the first month has passed, or
   * the case is decided or extended, no body could succeed, and the answer is 409, not a 422 about the reasons.
   */
  async assertExtendable(id: string): Promise<void> {
    const day = toLocalDate(this.deps.clock.now());
    await this.deps.db.read(async (m) => extendable(await loadRequest(m, id), day));
  }

  /**
   * N8.2: only the DPO extends, by 1 or 2 months within the first month, with reasons. The person is told
   * by a notice that must LEAVE within the first month: it counts as given on the day it is posted or sent,
   * and until then the case shows a warning (and a missed time limit if the month ends first).
   */
  async extend(id: string, body: z.infer<typeof ExtensionSchema>, actor: string, roles: readonly Role[]): Promise<void> {
    requireDpo(roles, 'extending the decision deadline');
    const now = this.deps.clock.now();
    const day = toLocalDate(now);
    let instanceId: string | null = null;
    let newDue = '';
    await this.deps.db.transaction(async (tx) => {
      const r = await loadRequest(tx, id);
      const oldDue = extendable(r, day);
      const d = extendedDecisionDue(r.row.filedOn, body.months);
      const noticeBy = extensionNoticeBy(r.row.filedOn).due;
      newDue = d.due;
      r.deadlines.originalDecisionDue = oldDue;
      r.deadlines.decisionDue = d.due;
      r.deadlines.explanations.decisionDue = d.explanation;
      r.extension = { months: body.months, reasons: body.reasons, noticeSentOn: null, noticeBy, extendedBy: actor };
      await saveRequest(tx, r, now);
      // Open tasks that were due with the decision move with it.
      await tx.getRepository(UserTaskEntity).update({ instanceId: r.row.instanceId ?? '', status: 'open', due: oldDue }, { due: d.due });
      const letter = await issueLetter(tx, this.deps, r, 'extension_notice', {}, actor, now, `extension:${id}`);
      r.extension.noticeLetterId = letter.id;
      await saveRequest(tx, r, now);
      await scheduleReminder(tx, id, d.due, now);
      await scheduleDeadlineWatch(tx, id, 'decisionDue', d.due, now);
      await scheduleDeadlineWatch(tx, id, 'extensionNoticeBy', noticeBy, now);
      await appendAudit(tx, this.deps.db, [{ at: now, actor, type: 'request.extended', subjectId: id, instanceId: r.row.instanceId, data: { months: body.months, reasons: body.reasons, from: oldDue, to: d.due, letterId: letter.id, noticeBy } }]);
      instanceId = r.row.instanceId;
    });
    // Tasks reached later read the new due date from the process variables.
    if (instanceId) await this.host.setVariables(instanceId, { decisionDue: newDue }, { actor, type: 'variables.updated' });
  }

  /**
   * The person received a letter with a time limit (return receipt; for e-mail, its sending): the decision
   * by default, or the letter named. The clocks that run from receipt start: remedy (N6.2), clarification
   * and appeal (N12.1, N13.1), appeal against a dismissal, appeal after a clarification answer.
   */
  async delivery(id: string, body: z.infer<typeof DeliverySchema>, actor: string): Promise<void> {
    const now = this.deps.clock.now();
    if (body.deliveredOn > toLocalDate(now)) throw new ValidationError('delivery cannot be in the future', [{ path: 'deliveredOn', message: 'datum vročitve je v prihodnosti' }]);
    const check = async (m: EntityManager) => {
      const r = await loadRequest(m, id);
      const letters = (await m.getRepository(LetterEntity).find({ where: { requestId: id }, select: { id: true, kind: true, channel: true, documentNumber: true, createdAt: true, postedOn: true, sentAt: true, mailStatus: true } })).sort(byIssue);
      let letter: LetterInfo | undefined;
      if (body.letterId) {
        letter = letters.find((l) => l.id === body.letterId);
        if (!letter) throw new ValidationError(`letter ${body.letterId} is not a letter of ${r.row.caseNumber}`, [{ path: 'letterId', message: 'dopis ne pripada tej zadevi' }]);
        if (!DELIVERY_MESSAGES[letter.kind]) throw new ValidationError(`a ${letter.kind} letter starts no time limit`, [{ path: 'letterId', message: 'od vročitve tega dopisa ne teče noben rok; vročitev se evidentira za poziv k dopolnitvi, odločitev, sklep o zavrženju in odgovor na zahtevo za pojasnilo' }]);
      } else {
        letter = letters.filter((l) => l.kind === 'decision' || l.kind === 'dismissal').at(-1);
        if (!letter) throw new ConflictError(`request ${r.row.caseNumber} has no decision to deliver`, 'no_decision');
      }
      const written = toLocalDate(letter.createdAt);
      if (body.deliveredOn < written) throw new ValidationError('delivery before the letter was written', [{ path: 'deliveredOn', message: `dopis je z dne ${formatSlovenian(written)}` }]);
      if (letter.postedOn && body.deliveredOn < letter.postedOn) throw new ValidationError('delivery before posting', [{ path: 'deliveredOn', message: `dopis je bil oddan na pošto ${formatSlovenian(letter.postedOn)}` }]);
      const earlier = r.deadlines.deliveries?.[letter.id];
      if (earlier) throw new ConflictError(`letter ${letter.documentNumber} was delivered on ${earlier.deliveredOn}`, 'already_delivered');
      // Only the newest letter of its kind runs a clock; an older one's receipt is recorded for the file.
      const current = letters.filter((l) => l.kind === letter.kind).at(-1)!.id === letter.id;
      return { r, letter, current };
    };
    const { letter, current } = await this.deps.db.read(check);
    const record = async (tx: EntityManager) => {
      const { r } = await check(tx);
      (r.deadlines.deliveries ??= {})[letter.id] = { kind: letter.kind, deliveredOn: body.deliveredOn, recordedBy: actor, recordedAt: now.toISOString() };
      await saveRequest(tx, r, now);
      return r;
    };
    const audit = (r: Request, clock: string) => ({ at: now, actor, type: 'letter.delivered', subjectId: id, instanceId: r.row.instanceId, data: { letterId: letter.id, kind: letter.kind, documentNumber: letter.documentNumber, channel: letter.channel, deliveredOn: body.deliveredOn, clock } });
    const target = DELIVERY_MESSAGES[letter.kind]!;
    const waiting = current && (await this.deps.db.read((m) => m.getRepository(MessageSubscriptionEntity).findOneBy({ messageName: target.message, correlationKey: id }))) !== null;
    if (waiting) {
      await this.host.correlateMessage(target.message, { businessKey: id }, {
        actor,
        variables: { [target.variable]: body.deliveredOn },
        beforeStep: async (tx) => { await record(tx); },
        afterStep: async (tx) => [audit(await loadRequest(tx, id), 'started')],
      });
      return;
    }
    let instanceId: string | null = null;
    await this.deps.db.transaction(async (tx) => {
      const r = await record(tx);
      // The decision's receipt may come while the recipients are still being notified: the process reads it when it gets there.
      const later = current && letter.kind === 'decision' && !r.deadlines.deliveredOn && r.row.instanceId;
      if (later) instanceId = r.row.instanceId;
      await appendAudit(tx, this.deps.db, [audit(r, later ? 'starts when the process reaches the delivery' : 'none: the case no longer waits for it')]);
    });
    if (instanceId) await this.host.setVariables(instanceId, { deliveredOn: body.deliveredOn, decisionDeliveryRecorded: true }, { actor, type: 'variables.updated' });
  }

  /** N12.1: a request for clarification within 8 days of delivery; the DPO answers within 5 working days. */
  async clarification(id: string, body: z.infer<typeof ClarificationSchema>, actor: string): Promise<void> {
    const now = this.deps.clock.now();
    const receivedOn = toLocalDate(new Date(body.receivedAt));
    const due = clarificationAnswerDue(receivedOn);
    if (new Date(body.receivedAt).getTime() > now.getTime() + 60_000) throw new ValidationError('a clarification cannot arrive in the future', [{ path: 'receivedAt', message: 'čas prejema je v prihodnosti' }]);
    const acceptable = (r: Request) => {
      if (!r.deadlines.deliveredOn) throw new ConflictError(`the decision of ${r.row.caseNumber} has not been delivered`, 'not_delivered');
      // It asks about the decision the person received: not before that day.
      if (receivedOn < r.deadlines.deliveredOn) throw new ValidationError(`a clarification of ${r.row.caseNumber} cannot arrive before the decision was delivered`, [{ path: 'receivedAt', message: `odločitev je bila vročena ${formatSlovenian(r.deadlines.deliveredOn)}; zahteva za pojasnilo ne more biti prejeta prej` }]);
      const until = r.deadlines.clarificationUntil ?? clarificationUntil(r.deadlines.deliveredOn).due;
      if (receivedOn > until) throw new ConflictError(`the time for clarification of ${r.row.caseNumber} ended on ${until}`, 'clarification_late');
      if (r.row.status !== 'decided') throw new ConflictError(`request ${r.row.caseNumber} is ${r.row.status}; a clarification is no longer possible`, 'not_decided');
    };
    // Checked before correlating too, so that a late request gets its reason rather than "nothing waits".
    await this.deps.db.read(async (m) => acceptable(await loadRequest(m, id)));
    await this.host.correlateMessage('clarificationRequested', { businessKey: id }, {
      actor,
      variables: { clarificationAnswerDue: due.due },
      beforeStep: async (tx) => {
        const r = await loadRequest(tx, id);
        acceptable(r);
        r.row.status = 'clarification';
        r.flags.clarificationReceivedOn = receivedOn;
        r.deadlines.clarificationAnswerDue = due.due;
        r.deadlines.explanations.clarificationAnswerDue = due.explanation;
        // Until the answer is given, the appeal runs from the lapse of its time limit (art. 12).
        const a = appealUntil(due.due);
        r.deadlines.appealUntil = a.due;
        r.deadlines.explanations.appealUntil = `Rok za pritožbo teče od vročitve odgovora na zahtevo za pojasnilo oziroma od izteka roka zanj ${due.due} (12. člen). ${a.explanation}`;
        // N14.1: a grant the person disputes is not carried out yet: the hold returns until the procedure ends.
        await saveRequest(tx, r, now, r.row.legalHoldReleasedAt ? { legalHoldReleasedAt: null } : {});
        await scheduleDeadlineWatch(tx, id, 'clarificationAnswerDue', due.due, now);
      },
      afterStep: async () => [{ at: now, actor, type: 'legal_hold.active', subjectId: id, data: { reason: 'clarification requested', since: now.toISOString() } }],
    });
  }

  /**
   * N13.1/N14.1: an appeal was filed with the Information Commissioner: against the decision or the
   * dismissal, or for silence once the decision deadline has passed without a decision. It runs as its own
   * process (the case's may have ended), and the legal hold stays until its outcome is final and carried out.
   */
  async appeal(id: string, body: z.infer<typeof AppealSchema>, actor: string): Promise<void> {
    const now = this.deps.clock.now();
    const today = toLocalDate(now);
    if (body.receivedOn > today) throw new ValidationError('an appeal cannot be received in the future', [{ path: 'receivedOn', message: 'datum je v prihodnosti' }]);
    let kind: 'decision' | 'dismissal' | 'silence' = 'decision';
    await this.host.start(APPEAL_PROCESS_KEY, {
      actor, businessKey: id, variables: { requestId: id },
      beforeStep: async (tx) => {
        const r = await loadRequest(tx, id);
        if (r.flags.appealFiledOn && !r.flags.appealClosedOn) throw new ConflictError(`an appeal in ${r.row.caseNumber} is pending since ${r.flags.appealFiledOn}`, 'appeal_pending');
        if (r.decision) {
          kind = r.decision.outcome === 'dismissed' ? 'dismissal' : 'decision';
          if (body.receivedOn < r.decision.decidedOn) throw new ValidationError('an appeal before the decision', [{ path: 'receivedOn', message: `odločitev je z dne ${formatSlovenian(r.decision.decidedOn)}` }]);
        } else {
          // Art. 13 ¶1 (read with art. 8): silence is possible only once the decision deadline has passed.
          const due = r.deadlines.decisionDue;
          if (!due || r.row.status === 'awaiting_remedy' || body.receivedOn <= due) {
            throw new ConflictError(`request ${r.row.caseNumber} has no decision to appeal, and its decision deadline ${due ?? '(none)'} has not passed: an appeal for silence is possible from the day after it`, 'no_decision');
          }
          kind = 'silence';
        }
        r.flags.appealFiledOn = body.receivedOn;
        r.flags.appealKind = kind;
        r.flags.appealRecordedBy = actor;
        delete r.flags.appealClosedOn;
        delete r.flags.appealOutcome;
        delete r.flags.compliedOn;
        await saveRequest(tx, r, now, r.row.legalHoldReleasedAt !== null ? { legalHoldReleasedAt: null } : {});
      },
      afterStep: async (_tx, step) => [{ at: now, actor, type: 'request.appealed', subjectId: id, instanceId: step.instance.id, data: { receivedOn: body.receivedOn, kind, legalHold: 'active until the appeal is final and carried out' } }],
    });
  }

  /** N14.1: the appeal's outcome, recorded by the DPO; an overturned decision opens the DPO's task to comply. */
  async appealClosed(id: string, body: z.infer<typeof AppealClosedSchema>, actor: string, roles: readonly Role[]): Promise<void> {
    requireDpo(roles, "recording an appeal's outcome");
    const now = this.deps.clock.now();
    const check = (r: Request) => {
      if (!r.flags.appealFiledOn) throw new ConflictError(`no appeal was filed in ${r.row.caseNumber}`, 'no_appeal');
      if (r.flags.appealClosedOn) throw new ConflictError(`the appeal in ${r.row.caseNumber} was already closed on ${r.flags.appealClosedOn}`, 'appeal_closed');
      if (body.closedOn > toLocalDate(now)) throw new ValidationError('an appeal cannot be closed in the future', [{ path: 'closedOn', message: 'datum je v prihodnosti' }]);
      if (body.closedOn < r.flags.appealFiledOn) throw new ValidationError('closed before it was filed', [{ path: 'closedOn', message: `pritožba je bila vložena ${r.flags.appealFiledOn}` }]);
    };
    await this.deps.db.read(async (m) => check(await loadRequest(m, id)));
    await this.host.correlateMessage('appealDecided', { businessKey: id }, {
      actor,
      variables: { appealOutcome: body.outcome, appealClosedOn: body.closedOn },
      beforeStep: async (tx) => check(await loadRequest(tx, id)),
    });
  }

  /**
   * Issue 16 #1: the DPO reopens a dismissed case, with reasons (audited): the dismissal is set aside, the
   * legal hold returns, and the case starts again at the completeness check. With the day a remedy was in fact
   * received (in time), the request counts as filed then (N6.3); otherwise its time limits run from today.
   */
  async reopen(id: string, body: z.infer<typeof ReopenSchema>, actor: string, roles: readonly Role[]): Promise<void> {
    requireDpo(roles, 'reopening a case');
    const now = this.deps.clock.now();
    const today = toLocalDate(now);
    if (body.remedyReceivedAt && new Date(body.remedyReceivedAt).getTime() > now.getTime() + 60_000) throw new ValidationError('a remedy cannot arrive in the future', [{ path: 'remedyReceivedAt', message: 'čas prejema je v prihodnosti' }]);
    const check = (r: Request) => {
      if (r.row.status !== 'dismissed') throw new ConflictError(`request ${r.row.caseNumber} is ${r.row.status}; only a dismissed case is reopened`, 'not_dismissed');
      if (body.remedyReceivedAt && r.deadlines.remedyDue && toLocalDate(new Date(body.remedyReceivedAt)) > r.deadlines.remedyDue) {
        throw new ValidationError('the remedy came after its time limit', [{ path: 'remedyReceivedAt', message: `rok za dopolnitev je potekel ${formatSlovenian(r.deadlines.remedyDue)}` }]);
      }
    };
    await this.deps.db.read(async (m) => check(await loadRequest(m, id)));
    const from = body.remedyReceivedAt ? toLocalDate(new Date(body.remedyReceivedAt)) : today;
    const by = remedyRequestBy(from);
    const due = decisionDue(from);
    let previous: string | null = null;
    await this.host.start(PROCESS_KEY, {
      actor, businessKey: id,
      // No second acknowledgement: the person has one.
      variables: { requestId: id, acknowledgementRequested: false, remedyRequestBy: by.due, decisionDue: due.due, reopened: true },
      beforeStep: async (tx) => {
        const r = await loadRequest(tx, id);
        check(r);
        previous = r.row.instanceId;
        // The old instance (waiting for the sklep's delivery or its appeal window) ends here, in this transaction.
        if (previous) {
          const old = await tx.getRepository(ProcessInstanceEntity).findOneBy({ id: previous });
          if (old?.status === 'running') await terminateInstance(tx, previous, now);
        }
        (r.flags.reopenings ??= []).push({ on: today, by: actor, reasons: body.reasons, setAside: r.decision, ...(body.remedyReceivedAt ? { remedyReceivedAt: body.remedyReceivedAt } : {}) });
        r.decision = null;
        r.row.status = 'registered';
        if (body.remedyReceivedAt) r.row.filedOn = from;
        for (const k of ['remedyDue', 'remedyDueStated', 'remedyRequestDeliveredOn', 'dismissalDue', 'dismissalDeliveredOn', 'appealUntil'] as const) delete r.deadlines[k];
        r.deadlines.remedyRequestBy = by.due;
        r.deadlines.decisionDue = due.due;
        r.deadlines.originalDecisionDue = due.due;
        const why = body.remedyReceivedAt ? 'Zahteva se šteje za vloženo z dnem dopolnitve (6. člen).' : `Zadeva je bila ponovno odprta ${formatSlovenian(today)}; roki tečejo od tega dne.`;
        r.deadlines.explanations.remedyRequestBy = `${why} ${by.explanation}`;
        r.deadlines.explanations.decisionDue = `${why} ${due.explanation}`;
        delete r.flags.closedOn;
        await saveRequest(tx, r, now, { legalHoldReleasedAt: null });
        await scheduleReminder(tx, id, due.due, now);
        await scheduleDeadlineWatch(tx, id, 'remedyRequestBy', by.due, now);
        await scheduleDeadlineWatch(tx, id, 'decisionDue', due.due, now);
      },
      afterStep: async (tx, step) => {
        await tx.getRepository(DsrRequestEntity).update({ id }, { instanceId: step.instance.id });
        return [{ at: now, actor, type: 'request.reopened', subjectId: id, instanceId: step.instance.id, data: { reasons: body.reasons, previousInstanceId: previous, remedyReceivedAt: body.remedyReceivedAt ?? null, filedOn: from, legalHold: 'active again' } }];
      },
    });
  }
}

/** N8.2: the state that allows an extension on `day`; returns the decision due date it extends. */
function extendable(r: Request, day: string): string {
  if (r.decision) throw new ConflictError(`request ${r.row.caseNumber} is already decided`, 'already_decided');
  if (r.extension) throw new ConflictError(`the deadline of ${r.row.caseNumber} was already extended`, 'already_extended');
  if (!r.deadlines.decisionDue || day > r.deadlines.decisionDue) throw new ConflictError(`the first month of ${r.row.caseNumber} has passed (${r.deadlines.decisionDue}); an extension must be notified within it`, 'first_month_passed');
  return r.deadlines.decisionDue;
}
