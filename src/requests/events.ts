import type { z } from 'zod';
import { ConflictError, ValidationError } from '../errors.js';
import { appealUntil, clarificationAnswerDue, clarificationUntil, extendedDecisionDue } from '../domain/deadlines.js';
import { formatSlovenian, toLocalDate } from '../domain/localDate.js';
import type { ProcessHost } from '../engine/host.js';
import { appendAudit } from '../persistence/audit.js';
import { UserTaskEntity } from '../persistence/entities/index.js';
import { subjectFitsColumns, type AppealClosedSchema, type AppealSchema, type ClarificationSchema, type DeliverySchema, type ExtensionSchema, type RemedySchema } from './schemas.js';
import { issueLetter } from './letters.js';
import { loadRequest, saveRequest } from './store.js';
import { scheduleReminder } from './reminders.js';
import type { RequestDeps } from './context.js';
import type { Request } from './model.js';

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
        if (toLocalDate(new Date(body.receivedAt)) > (r.deadlines.remedyDue ?? '9999')) {
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
   * the case is decided or extended, no body could succeed, and the answer is 409 (API.md), not a 422
   * about the reasons.
   */
  async assertExtendable(id: string): Promise<void> {
    const day = toLocalDate(this.deps.clock.now());
    await this.deps.db.read(async (m) => extendable(await loadRequest(m, id), day));
  }

  /** N8.2: extend by 1 or 2 months within the first month, with reasons; the person is told by letter. */
  async extend(id: string, body: z.infer<typeof ExtensionSchema>, actor: string): Promise<void> {
    const now = this.deps.clock.now();
    const day = toLocalDate(now);
    let instanceId: string | null = null;
    let newDue = '';
    await this.deps.db.transaction(async (tx) => {
      const r = await loadRequest(tx, id);
      const oldDue = extendable(r, day);
      const d = extendedDecisionDue(r.row.filedOn, body.months);
      newDue = d.due;
      r.deadlines.originalDecisionDue = oldDue;
      r.deadlines.decisionDue = d.due;
      r.deadlines.explanations.decisionDue = d.explanation;
      r.extension = { months: body.months, reasons: body.reasons, noticeSentOn: day };
      await saveRequest(tx, r, now);
      // Open tasks that were due with the decision move with it.
      await tx.getRepository(UserTaskEntity).update({ instanceId: r.row.instanceId ?? '', status: 'open', due: oldDue }, { due: d.due });
      const letter = await issueLetter(tx, this.deps, r, 'extension_notice', {}, actor, now, `extension:${id}`);
      await scheduleReminder(tx, id, d.due, now);
      await appendAudit(tx, this.deps.db, [{ at: now, actor, type: 'request.extended', subjectId: id, instanceId: r.row.instanceId, data: { months: body.months, reasons: body.reasons, from: oldDue, to: d.due, letterId: letter.id } }]);
      instanceId = r.row.instanceId;
    });
    // Tasks reached later read the new due date from the process variables.
    if (instanceId) await this.host.setVariables(instanceId, { decisionDue: newDue }, { actor, type: 'variables.updated' });
  }

  /** The person received the decision: clarification (8 days) and appeal (15 days) clocks start. */
  async delivery(id: string, body: z.infer<typeof DeliverySchema>, actor: string): Promise<void> {
    const now = this.deps.clock.now();
    if (body.deliveredOn > toLocalDate(now)) throw new ValidationError('delivery cannot be in the future', [{ path: 'deliveredOn', message: 'datum vročitve je v prihodnosti' }]);
    await this.host.correlateMessage('decisionDelivered', { businessKey: id }, {
      actor,
      variables: { deliveredOn: body.deliveredOn },
      beforeStep: async (tx) => {
        const r = await loadRequest(tx, id);
        if (!r.decision) throw new ConflictError(`request ${r.row.caseNumber} has no decision to deliver`, 'no_decision');
        if (body.deliveredOn < r.decision.decidedOn) throw new ValidationError('delivery before the decision', [{ path: 'deliveredOn', message: `odločitev je z dne ${formatSlovenian(r.decision.decidedOn)}; vročena ne more biti prej` }]);
      },
    });
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
        r.deadlines.explanations.appealUntil = `Rok za pritožbo teče od odgovora na zahtevo za pojasnilo oziroma od izteka roka zanj ${due.due} (12. člen). ${a.explanation}`;
        await saveRequest(tx, r, now);
      },
    });
  }

  /** N13.1/N14.1: an appeal was filed; the legal hold stays until it is closed. */
  async appeal(id: string, body: z.infer<typeof AppealSchema>, actor: string): Promise<void> {
    const now = this.deps.clock.now();
    await this.deps.db.transaction(async (tx) => {
      const r = await loadRequest(tx, id);
      if (!r.decision) throw new ConflictError(`request ${r.row.caseNumber} has no decision to appeal`, 'no_decision');
      if (body.receivedOn > toLocalDate(now)) throw new ValidationError('an appeal cannot be received in the future', [{ path: 'receivedOn', message: 'datum je v prihodnosti' }]);
      // An appeal is against the decision, or for silence once the decision was late (N13.1): not before either.
      const silenceFrom = r.decision.dueAtDecision ?? r.deadlines.decisionDue;
      if (body.receivedOn < r.decision.decidedOn && !(silenceFrom && body.receivedOn > silenceFrom)) {
        throw new ValidationError(`an appeal in ${r.row.caseNumber} cannot be filed before the decision`, [{ path: 'receivedOn', message: `odločitev je z dne ${formatSlovenian(r.decision.decidedOn)}; pritožba ne more biti vložena prej` }]);
      }
      r.flags.appealFiledOn = body.receivedOn;
      const reopen = r.row.legalHoldReleasedAt !== null;
      await saveRequest(tx, r, now, reopen ? { legalHoldReleasedAt: null } : {});
      await appendAudit(tx, this.deps.db, [{ at: now, actor, type: 'request.appealed', subjectId: id, instanceId: r.row.instanceId, data: { receivedOn: body.receivedOn, legalHold: 'active until the appeal is closed' } }]);
    });
  }

  /** N14.1: the appeal procedure is final; unless the process still runs, the legal hold ends now. */
  async appealClosed(id: string, body: z.infer<typeof AppealClosedSchema>, actor: string): Promise<void> {
    const now = this.deps.clock.now();
    await this.deps.db.transaction(async (tx) => {
      const r = await loadRequest(tx, id);
      if (!r.flags.appealFiledOn) throw new ConflictError(`no appeal was filed in ${r.row.caseNumber}`, 'no_appeal');
      if (r.flags.appealClosedOn) throw new ConflictError(`the appeal in ${r.row.caseNumber} was already closed on ${r.flags.appealClosedOn}`, 'appeal_closed');
      if (body.closedOn > toLocalDate(now)) throw new ValidationError('an appeal cannot be closed in the future', [{ path: 'closedOn', message: 'datum je v prihodnosti' }]);
      if (body.closedOn < r.flags.appealFiledOn) throw new ValidationError('closed before it was filed', [{ path: 'closedOn', message: `pritožba je bila vložena ${r.flags.appealFiledOn}` }]);
      r.flags.appealClosedOn = body.closedOn;
      r.flags.appealOutcome = body.outcome;
      const finished = r.row.status === 'closed' || r.row.status === 'dismissed';
      if (finished) delete r.deadlines.appealUntil;
      await saveRequest(tx, r, now, finished ? { legalHoldReleasedAt: now } : {});
      await appendAudit(tx, this.deps.db, [{ at: now, actor, type: 'request.appeal_closed', subjectId: id, instanceId: r.row.instanceId, data: { closedOn: body.closedOn, outcome: body.outcome, legalHold: finished ? 'released' : 'kept until the case is closed' } }]);
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
