import type { z } from 'zod';
import { ConflictError, ValidationError } from '../errors.js';
import { toLocalDate } from '../domain/localDate.js';
import { appendAudit } from '../persistence/audit.js';
import { DsrRequestEntity } from '../persistence/entities/index.js';
import { eurosText } from '../rules/fee.js';
import type { FeePaymentSchema } from './schemas.js';
import type { Decision, Flags } from './model.js';
import { loadRequest, saveRequest } from './store.js';
import type { RequestDeps } from './context.js';

const cents = (n: number) => Math.round(n * 100);

/** What is paid of a decision's fee and what is still owed (N16.1), for the view and the case page. */
export function feeAccount(decision: Decision | null, flags: Flags): { amount: number; paid: number; outstanding: number; payments: { paidOn: string; amount: number }[] } | null {
  if (!decision || decision.fee <= 0) return null;
  const payments = (flags.feePayments ?? []).map((p) => ({ paidOn: p.paidOn, amount: p.amount }));
  const paid = payments.reduce((s, p) => s + cents(p.amount), 0);
  return { amount: decision.fee, paid: paid / 100, outstanding: Math.max(0, cents(decision.fee) - paid) / 100, payments };
}

/**
 * N16.1: the person paid (part of) the fee the decision announced. Recorded on the case and audited; 409
 * when the decision charges no fee or it is paid in full, 422 for a payment dated in the future or before
 * the decision, or larger than what is still owed. The row is locked so that two clerks recording the same
 * payment at once cannot both pass the check.
 */
export async function recordFeePayment(deps: RequestDeps, id: string, body: z.infer<typeof FeePaymentSchema>, actor: string): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    await deps.db.forUpdate(tx.getRepository(DsrRequestEntity).createQueryBuilder('r').where('r.id = :id', { id })).getOne();
    const r = await loadRequest(tx, id);
    const account = feeAccount(r.decision, r.flags);
    if (!r.decision || !account) throw new ConflictError(`the decision of ${r.row.caseNumber} charges no fee`, 'no_fee');
    if (account.outstanding <= 0) throw new ConflictError(`the fee of ${r.row.caseNumber} is paid in full`, 'fee_paid');
    const today = toLocalDate(now);
    if (body.paidOn > today) throw new ValidationError('a payment cannot be made in the future', [{ path: 'paidOn', message: 'dan plačila je v prihodnosti' }]);
    if (body.paidOn < r.decision.decidedOn) throw new ValidationError('a fee is paid after the decision that announced it', [{ path: 'paidOn', message: `dan plačila je pred odločitvijo (${r.decision.decidedOn})` }]);
    if (cents(body.amount) > cents(account.outstanding)) {
      throw new ValidationError('the payment exceeds what is owed', [{ path: 'amount', message: `znesek presega neporavnani del pristojbine (${eurosText(account.outstanding)})` }]);
    }
    r.flags.feePayments = [...(r.flags.feePayments ?? []), { paidOn: body.paidOn, amount: body.amount, recordedBy: actor, recordedAt: now.toISOString() }];
    await saveRequest(tx, r, now);
    const after = feeAccount(r.decision, r.flags)!;
    await appendAudit(tx, deps.db, [{
      at: now, actor, type: 'fee.paid', subjectId: id, instanceId: r.row.instanceId,
      data: { paidOn: body.paidOn, amount: body.amount, fee: after.amount, paid: after.paid, outstanding: after.outstanding },
    }]);
  });
}
