import type { Request } from './model.js';

/**
 * N14.1 (art. 14): from receipt until the request is granted or, if refused or dismissed, until the
 * procedure is final, the requested data are held. An appeal makes the procedure not final; a
 * Commissioner's decision that overturned a refusal keeps the hold until it is carried out.
 */
export function holdReason(r: Request): string | null {
  if (r.flags.appealFiledOn && !r.flags.appealClosedOn) return 'appeal pending';
  if (r.flags.appealOutcome === 'overturned' && !r.flags.compliedOn) return "the Commissioner's decision is not yet carried out";
  return null;
}

/** At the end of the case (`processEnded`) or of an appeal: may the hold end now? */
export function releaseHoldIfDone(r: Request, o: { processEnded: boolean }): { keep: boolean; reason: string } {
  const reason = holdReason(r);
  if (reason) return { keep: true, reason };
  if (!o.processEnded && !r.flags.closedOn) return { keep: true, reason: 'the case is still open' };
  return { keep: false, reason: '' };
}
