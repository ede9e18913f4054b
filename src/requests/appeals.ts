import type { HandlerRegistry } from '../engine/handlers.js';
import { toLocalDate } from '../domain/localDate.js';
import type { RequestDeps } from './context.js';
import { holdReason, releaseHoldIfDone } from './legalHold.js';
import { loadRequest, saveRequest } from './store.js';

/** The process of an appeal to the Information Commissioner (processes/dsr-appeal.bpmn). */
export const APPEAL_PROCESS_KEY = 'dsrAppeal';

/**
 * The service tasks of the appeal process (N13.1, N14.1). The appeal is recorded by whoever learns of it;
 * its outcome and the carrying out of an overturning decision are the DPO's (checked before the step).
 */
export function registerAppealHandlers(registry: HandlerRegistry, _deps: RequestDeps): void {
  registry.register('applyAppealOutcome', async (ctx) => {
    const r = await loadRequest(ctx.tx, ctx.businessKey!);
    const outcome = String(ctx.variables.appealOutcome) as 'upheld' | 'overturned' | 'withdrawn';
    r.flags.appealClosedOn = String(ctx.variables.appealClosedOn);
    r.flags.appealOutcome = outcome;
    r.flags.appealOutcomeBy = ctx.actor;
    delete r.flags.compliedOn;
    const hold = releaseHoldIfDone(r, { processEnded: false });
    if (!hold.keep) delete r.deadlines.appealUntil;
    // Overturned: the hold returns until the decision is carried out; otherwise it ends if the case is final.
    const extra = holdReason(r) ? { legalHoldReleasedAt: null } : hold.keep || r.row.legalHoldReleasedAt ? {} : { legalHoldReleasedAt: ctx.now };
    await saveRequest(ctx.tx, r, ctx.now, extra);
    ctx.audit({
      type: 'request.appeal_closed', elementId: ctx.elementId,
      data: { closedOn: r.flags.appealClosedOn, outcome, kind: r.flags.appealKind ?? 'decision', legalHold: hold.keep ? `kept: ${hold.reason}` : 'released' },
    });
    return { overturned: outcome === 'overturned' };
  });

  registry.register('applyCompliance', async (ctx) => {
    const r = await loadRequest(ctx.tx, ctx.businessKey!);
    r.flags.compliedOn = toLocalDate(ctx.now);
    r.flags.complianceNotes = String(ctx.variables.notes ?? '');
    const hold = releaseHoldIfDone(r, { processEnded: false });
    if (!hold.keep) delete r.deadlines.appealUntil;
    await saveRequest(ctx.tx, r, ctx.now, hold.keep || r.row.legalHoldReleasedAt ? {} : { legalHoldReleasedAt: ctx.now });
    ctx.audit({ type: 'request.appeal_complied', elementId: ctx.elementId, data: { compliedOn: r.flags.compliedOn, legalHold: hold.keep ? `kept: ${hold.reason}` : 'released' } });
  });
}
