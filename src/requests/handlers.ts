import { ValidationError } from '../errors.js';
import type { HandlerContext, HandlerRegistry } from '../engine/handlers.js';
import { appealUntil, clarificationUntil, decisionDue, defaultRemedyDue, dismissalDue, remedyDueFromReceipt, remedyRequestBy } from '../domain/deadlines.js';
import { endOfDayInstant, toLocalDate } from '../domain/localDate.js';
import type { LetterKind, RequestStatus } from '../persistence/entities/index.js';
import { issueLetter } from './letters.js';
import { loadRequest, saveRequest } from './store.js';
import { completenessFacts } from './facts.js';
import type { Request } from './model.js';
import type { RequestDeps } from './context.js';
import { identityFacts } from './ruleFacts.js';
import { noteIfLate, scheduleDeadlineWatch } from './missedDeadlines.js';
import { holdReason, releaseHoldIfDone } from './legalHold.js';
import { registerAppealHandlers } from './appeals.js';
import { checkFee, checkGrounds } from './decision.js';

type Vars = Record<string, unknown>;

/** Record a rule evaluation in the trace: which set, which version, the facts, and why (X2). */
async function evaluate(deps: RequestDeps, ctx: HandlerContext, name: string, facts: Record<string, unknown>) {
  const e = await deps.rules.evaluate(name, facts);
  ctx.audit({ type: 'rule.evaluated', elementId: ctx.elementId, data: { ruleSet: name, version: e.version, facts, events: e.events, explanation: e.explanation } });
  return e;
}

const today = (ctx: HandlerContext) => toLocalDate(ctx.now);

/** Write a `deadline.missed` event in the step's audit (issue 16 #4). */
function audited(ctx: HandlerContext, entry: ReturnType<typeof noteIfLate>): void {
  if (entry) ctx.audit({ type: entry.type, subjectId: entry.subjectId, data: entry.data });
}
const RELEASES_ON_GRANT = new Set(['granted']);

/**
 * The service tasks of processes/dsr-request.bpmn. Each reads and writes the request in the step's
 * transaction and returns the variables the diagram's gateways and timers read.
 */
export function registerRequestHandlers(registry: HandlerRegistry, deps: RequestDeps): HandlerRegistry {
  registry.register('sendLetter', async (ctx) => {
    const kind = ctx.properties.letter as LetterKind;
    if (!kind) throw new Error(`<${ctx.elementId}> sendLetter needs the property "letter"`);
    const r = await loadRequest(ctx.tx, ctx.businessKey!);
    const out: Vars = {};
    const day = today(ctx);
    if (kind === 'remedy_request') {
      const chosen = typeof ctx.variables.remedyDueChosen === 'string' ? ctx.variables.remedyDueChosen : null;
      const d = chosen ? { due: chosen, explanation: 'Rok določila pooblaščena oseba (najmanj 5 delovnih dni od prejema poziva, 6. člen).' } : defaultRemedyDue(day, r.row.channel === 'email' ? 0 : deps.postalDeliveryDays);
      r.flags.missing = (ctx.variables.missing as string[] | undefined) ?? r.flags.missing ?? [];
      audited(ctx, noteIfLate(r, 'remedyRequestBy', r.deadlines.remedyRequestBy, day, ctx.now, ctx.actor));
      // N6.2: the letter names a date; the time limit itself starts only with the person's receipt of the letter.
      r.deadlines.remedyDue = d.due;
      r.deadlines.remedyDueStated = d.due;
      r.deadlines.remedyRequestSentOn = day;
      delete r.deadlines.remedyRequestDeliveredOn;
      delete r.deadlines.dismissalDue;
      r.deadlines.explanations.remedyDue = `${d.explanation} Rok ne poteče pred iztekom 5 delovnih dni od vročitve poziva; vročitev še ni evidentirana.`;
      delete r.deadlines.remedyRequestBy;
      out.remedyDue = d.due;
      // Instances still on an earlier version of the diagram time the lapse from here; this version waits for the receipt.
      out.remedyDueAt = endOfDayInstant(d.due).toISOString();
    }
    if (kind === 'dismissal') {
      audited(ctx, noteIfLate(r, 'dismissalDue', r.deadlines.dismissalDue, day, ctx.now, ctx.actor));
      const own = typeof ctx.variables.reasoning === 'string' && ctx.variables.reasoning.trim() ? ` ${ctx.variables.reasoning.trim()}` : '';
      // The sklep is the DPO's: the one who completed the task issues it (decidedBy), never `system`.
      r.decision = { outcome: 'dismissed', decidedOn: day, fee: 0, grounds: [], reasoning: `Zahteva ni bila dopolnjena v roku (6. člen Navodila).${own}`, decidedBy: ctx.actor };
      delete r.deadlines.dismissalDue;
      // N13.1: the appeal runs from the person's receipt of the sklep: set when its delivery is recorded.
      delete r.deadlines.appealUntil;
      // Only for instances on an earlier version of the diagram (no wait for the delivery there).
      out.appealUntilAt = endOfDayInstant(appealUntil(day).due).toISOString();
    }
    if (kind === 'clarification_answer') {
      r.flags.clarificationAnswer = String(ctx.variables.answer ?? '');
      // Art. 12: the appeal period runs from the receipt of the answer; if the answer came after its time limit,
      // from the lapse of that limit.
      const lapse = r.deadlines.clarificationAnswerDue;
      const inTime = !lapse || day <= lapse;
      audited(ctx, noteIfLate(r, 'clarificationAnswerDue', lapse, day, ctx.now, ctx.actor));
      out.answerInTime = inTime;
      if (inTime) {
        delete r.deadlines.appealUntil;
        // Only for instances on an earlier version of the diagram; this version sets it at the answer's delivery.
        out.appealUntilAt = endOfDayInstant(appealUntil(day).due).toISOString();
      } else {
        const a = appealUntil(lapse!);
        r.deadlines.appealUntil = a.due;
        r.deadlines.explanations.appealUntil = `Odgovor je bil dan po roku; rok za pritožbo teče od izteka roka za odgovor ${lapse} (12. člen). ${a.explanation}`;
        out.appealUntilAt = endOfDayInstant(a.due).toISOString();
      }
      delete r.deadlines.clarificationAnswerDue;
    }
    const extra = kind === 'recipient_notification'
      ? { recipients: (r.flags.recipients ?? []).map((x) => ({ ...x, notifiedOnText: x.notifiedOn ? x.notifiedOn.split('-').reverse().map(Number).join('. ') : '' })), actionText: actionText(r) }
      : {};
    if (ctx.properties.status) r.row.status = ctx.properties.status as RequestStatus;
    await saveRequest(ctx.tx, r, ctx.now);
    const letter = await issueLetter(ctx.tx, deps, r, kind, extra, ctx.actor, ctx.now, `${ctx.idempotencyKey}:${kind}`);
    ctx.audit({ type: 'letter.created', elementId: ctx.elementId, data: { letterId: letter.id, kind, channel: letter.channel, documentNumber: letter.documentNumber, sha256: letter.sha256 } });
    return out;
  });

  registry.register('applyCompleteness', async (ctx) => {
    const r = await loadRequest(ctx.tx, ctx.businessKey!);
    const rules = await evaluate(deps, ctx, 'completeness', completenessFacts(r));
    const complete = ctx.variables.complete === true;
    const ruleGaps = rules.events.filter((e) => e.type === 'incomplete').map((e) => String(e.params.message));
    // Art. 4: a request the rules find lacking cannot be taken as complete; art. 6 says how it is remedied.
    if (complete && ruleGaps.length > 0) {
      throw new ValidationError(`request ${r.row.caseNumber} lacks what art. 4 requires`, ruleGaps.map((m) => ({ path: 'complete', message: `Zahteva ni popolna (pravila completeness): ${m}` })));
    }
    const missing = complete ? [] : ((ctx.variables.missing as string[] | undefined) ?? []);
    if (complete) {
      r.row.status = 'in_review';
      delete r.deadlines.remedyRequestBy;
      r.flags.missing = [];
    } else {
      r.flags.missing = missing;
    }
    await saveRequest(ctx.tx, r, ctx.now);
    return { isComplete: complete, missing, remedyDueChosen: complete ? null : (ctx.variables.remedyDue ?? null), rulesSayComplete: rules.events.some((e) => e.type === 'complete') };
  });

  registry.register('applyRemedy', async (ctx) => {
    const r = await loadRequest(ctx.tx, ctx.businessKey!);
    const receivedAt = new Date(String(ctx.variables.remedyReceivedAt));
    const filedOn = toLocalDate(receivedAt);
    // Art. 6 ¶3: remedied in time, the request counts as filed on the day the remedy arrived (N6.3).
    r.row.filedOn = filedOn;
    const by = remedyRequestBy(filedOn);
    const due = decisionDue(filedOn);
    r.deadlines.remedyRequestBy = by.due;
    r.deadlines.decisionDue = due.due;
    r.deadlines.originalDecisionDue = due.due;
    r.deadlines.explanations.remedyRequestBy = by.explanation;
    r.deadlines.explanations.decisionDue = `Zahteva se šteje za vloženo z dnem dopolnitve (6. člen). ${due.explanation}`;
    delete r.deadlines.remedyDue;
    delete r.deadlines.remedyDueStated;
    delete r.deadlines.dismissalDue;
    r.row.status = 'registered';
    await saveRequest(ctx.tx, r, ctx.now);
    await scheduleDeadlineWatch(ctx.tx, r.row.id, 'remedyRequestBy', by.due, ctx.now);
    await scheduleDeadlineWatch(ctx.tx, r.row.id, 'decisionDue', due.due, ctx.now);
    return { remedyRequestBy: by.due, decisionDue: due.due };
  });

  registry.register('applyIdentity', async (ctx) => {
    const r = await loadRequest(ctx.tx, ctx.businessKey!);
    const method = String(ctx.variables.method);
    const facts = identityFacts(r, method);
    const e = await evaluate(deps, ctx, 'identity-sufficiency', facts);
    const sufficient = e.events.some((x) => x.type === 'identity-sufficient');
    const verdict = e.events[0]?.params ?? {};
    const verified = ctx.variables.verified === true;
    if (verified && !sufficient) {
      throw new ValidationError(`identity cannot be taken as verified by "${method}" for a ${r.row.channel} request`, [
        { path: 'method', message: `${String(verdict.reason ?? 'Način ne zadošča.')} ${String(verdict.missing ?? '')}`.trim() },
      ]);
    }
    r.flags.identityMethod = method;
    if (!verified) r.flags.missing = [String(verdict.missing ?? 'Dokazilo o istovetnosti (7. člen Navodila).')];
    await saveRequest(ctx.tx, r, ctx.now);
    return { identityVerified: verified, missing: verified ? [] : r.flags.missing, remedyDueChosen: null };
  });

  registry.register('applyDecision', async (ctx) => {
    const r = await loadRequest(ctx.tx, ctx.businessKey!);
    const v = ctx.variables;
    const outcome = String(v.outcome) as 'granted' | 'partially_granted' | 'refused';
    const grounds = (v.grounds as string[] | undefined) ?? [];
    const reasoning = String(v.reasoning ?? '');
    const rules = (name: string, facts: Record<string, unknown>) => evaluate(deps, ctx, name, facts);
    await checkGrounds(ctx.tx, rules, r, v, today(ctx));
    const { fee, feeDetails } = await checkFee(rules, r, v, outcome);
    const day = today(ctx);
    audited(ctx, noteIfLate(r, 'decisionDue', r.deadlines.decisionDue, day, ctx.now, ctx.actor));
    r.decision = { outcome, decidedOn: day, dueAtDecision: r.deadlines.decisionDue, fee, ...(feeDetails ? { feeDetails } : {}), grounds, reasoning, decidedBy: ctx.actor };
    delete r.deadlines.decisionDue;
    // Art. 14: the hold ends when the request is granted; a (partial) refusal keeps it until final.
    const release = RELEASES_ON_GRANT.has(outcome) && holdReason(r) === null; // an appeal for silence still pending keeps it
    await saveRequest(ctx.tx, r, ctx.now, release ? { legalHoldReleasedAt: ctx.now } : {});
    const changing = r.rights.some((x) => x === 'rectification' || x === 'erasure' || x === 'restriction');
    return { outcome, refused: outcome !== 'granted', notifyRecipients: outcome !== 'refused' && changing };
  });

  registry.register('applyDelivery', async (ctx) => {
    const r = await loadRequest(ctx.tx, ctx.businessKey!);
    const deliveredOn = String(ctx.variables.deliveredOn);
    const c = clarificationUntil(deliveredOn);
    r.deadlines.deliveredOn = deliveredOn;
    r.deadlines.clarificationUntil = c.due;
    r.deadlines.explanations.clarificationUntil = c.explanation;
    const refused = r.decision?.outcome !== 'granted';
    let windowEnd = c.due;
    if (refused) {
      const a = appealUntil(deliveredOn);
      r.deadlines.appealUntil = a.due;
      r.deadlines.explanations.appealUntil = a.explanation;
      windowEnd = a.due > c.due ? a.due : c.due;
    }
    await saveRequest(ctx.tx, r, ctx.now);
    return { clarificationUntilAt: endOfDayInstant(c.due).toISOString(), appealUntilAt: endOfDayInstant(windowEnd).toISOString() };
  });

  /** N6.2: the person received the request for remedy; the time limit runs from that day. */
  registry.register('applyRemedyRequestDelivery', async (ctx) => {
    const r = await loadRequest(ctx.tx, ctx.businessKey!);
    const deliveredOn = String(ctx.variables.remedyRequestDeliveredOn);
    const d = remedyDueFromReceipt(deliveredOn, r.deadlines.remedyDueStated ?? null);
    r.deadlines.remedyRequestDeliveredOn = deliveredOn;
    r.deadlines.remedyDue = d.due;
    r.deadlines.explanations.remedyDue = d.explanation;
    const dd = dismissalDue(d.due);
    r.deadlines.dismissalDue = dd.due;
    r.deadlines.explanations.dismissalDue = dd.explanation;
    await saveRequest(ctx.tx, r, ctx.now);
    await scheduleDeadlineWatch(ctx.tx, r.row.id, 'dismissalDue', dd.due, ctx.now);
    return { remedyDue: d.due, remedyDueAt: endOfDayInstant(d.due).toISOString(), dismissalDue: dd.due };
  });

  /** N13.1: the appeal against the dismissal runs 15 days from the person's receipt of the sklep. */
  registry.register('applyDismissalDelivery', async (ctx) => {
    const r = await loadRequest(ctx.tx, ctx.businessKey!);
    const deliveredOn = String(ctx.variables.dismissalDeliveredOn);
    const a = appealUntil(deliveredOn);
    r.deadlines.dismissalDeliveredOn = deliveredOn;
    r.deadlines.appealUntil = a.due;
    r.deadlines.explanations.appealUntil = `Rok za pritožbo zoper sklep o zavrženju teče od njegove vročitve ${deliveredOn}. ${a.explanation}`;
    await saveRequest(ctx.tx, r, ctx.now);
    return { appealUntilAt: endOfDayInstant(a.due).toISOString() };
  });

  /** N12.1: an answer given in time: the appeal runs from the person's receipt of it ("po prejemu"). */
  registry.register('applyClarificationAnswerDelivery', async (ctx) => {
    const r = await loadRequest(ctx.tx, ctx.businessKey!);
    const deliveredOn = String(ctx.variables.clarificationAnswerDeliveredOn);
    const a = appealUntil(deliveredOn);
    r.deadlines.clarificationAnswerDeliveredOn = deliveredOn;
    r.deadlines.appealUntil = a.due;
    r.deadlines.explanations.appealUntil = `Rok za pritožbo teče od vročitve odgovora na zahtevo za pojasnilo ${deliveredOn} (12. člen). ${a.explanation}`;
    await saveRequest(ctx.tx, r, ctx.now);
    return { appealUntilAt: endOfDayInstant(a.due).toISOString() };
  });

  registry.register('closeCase', async (ctx) => {
    const r = await loadRequest(ctx.tx, ctx.businessKey!);
    if (r.row.status !== 'dismissed') r.row.status = 'closed';
    r.flags.closedOn = today(ctx);
    delete r.deadlines.clarificationUntil;
    delete r.deadlines.clarificationAnswerDue;
    // Art. 14: a pending appeal, or a Commissioner's decision not yet carried out, keeps the hold.
    const hold = releaseHoldIfDone(r, { processEnded: true });
    if (hold.keep) {
      if (!r.flags.appealFiledOn) delete r.deadlines.appealUntil;
    } else {
      delete r.deadlines.appealUntil;
    }
    await saveRequest(ctx.tx, r, ctx.now, hold.keep || r.row.legalHoldReleasedAt ? {} : { legalHoldReleasedAt: ctx.now });
    ctx.audit({ type: 'case.closed', elementId: ctx.elementId, data: { status: r.row.status, legalHold: hold.keep ? `kept: ${hold.reason}` : 'released' } });
  });

  registerAppealHandlers(registry, deps);
  return registry;
}

function actionText(r: Request): string {
  const parts: string[] = [];
  if (r.rights.includes('rectification')) parts.push('popravek');
  if (r.rights.includes('erasure')) parts.push('izbris');
  if (r.rights.includes('restriction')) parts.push('omejitev obdelave');
  return parts.join(', ') || 'spremembo';
}
