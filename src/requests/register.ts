import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { ValidationError } from '../errors.js';
import { decisionDue, remedyRequestBy } from '../domain/deadlines.js';
import { toLocalDate } from '../domain/localDate.js';
import { isWithinOfficeHours } from '../domain/officeHours.js';
import type { ProcessHost } from '../engine/host.js';
import { DsrRequestEntity, ProcessInstanceEntity, type DsrRequestRow } from '../persistence/entities/index.js';
import { nextCaseNumber } from './caseNumbers.js';
import { PROCESS_KEY, type RequestDeps } from './context.js';
import type { Deadlines, Flags } from './model.js';
import type { RequestInput } from './schemas.js';
import { scheduleReminder } from './reminders.js';
import { scheduleDeadlineWatch } from './missedDeadlines.js';

/**
 * Register an incoming request (N3.1): a new case with its number and classification, the legal hold
 * from receipt (N14.1), the first deadlines, and the process started on the newest diagram version —
 * all in one transaction: nothing is registered unless everything is.
 */
export async function registerRequest(
  host: ProcessHost, deps: RequestDeps, input: RequestInput, actor: string,
  /** More to do in the same transaction (e.g. closing the e-mail draft it came from). */
  also?: (tx: EntityManager, requestId: string) => Promise<void>,
): Promise<string> {
  const receivedAt = new Date(input.receivedAt);
  const now = deps.clock.now();
  if (receivedAt.getTime() > now.getTime() + 60_000) {
    throw new ValidationError('a request cannot be received in the future', [{ path: 'receivedAt', message: 'čas prejema je v prihodnosti' }]);
  }
  const receivedOn = toLocalDate(receivedAt);
  const id = randomUUID();
  const by = remedyRequestBy(receivedOn);
  const due = decisionDue(receivedOn);
  const deadlines: Deadlines = {
    remedyRequestBy: by.due, decisionDue: due.due, originalDecisionDue: due.due,
    explanations: { remedyRequestBy: by.explanation, decisionDue: due.explanation },
  };
  const flags: Flags = {};
  // S1.1: a filing in person outside office hours is flagged for the DPO (it is still registered).
  if (input.channel === 'in_person' && !isWithinOfficeHours(receivedAt)) flags.outsideOfficeHours = true;
  if (input.answerBy) flags.answerBy = input.answerBy;

  const insert = async (tx: EntityManager) => {
    const year = Number(receivedOn.slice(0, 4));
    const { seq, caseNumber } = await nextCaseNumber(tx, deps.db, deps.classification, year);
    const row: DsrRequestRow = {
      id, caseNumber, classification: deps.classification, year, seq, channel: input.channel,
      mailbox: input.channel === 'email' ? input.mailbox ?? null : null, receivedAt, receivedOn, filedOn: receivedOn,
      subject: JSON.stringify(input.subject), subjectName: `${input.subject.firstName} ${input.subject.lastName}`,
      representative: input.representative ? JSON.stringify(input.representative) : null, rights: input.rights.join(','),
      measures: input.measures ?? null, acknowledgementRequested: input.acknowledgementRequested,
      identityEvidence: JSON.stringify(input.identityEvidence), status: 'registered', deadlines: JSON.stringify(deadlines),
      extension: null, decision: null, decisionDue: due.due, decidedOn: null, legalHoldSince: receivedAt, legalHoldReleasedAt: null, instanceId: null,
      flags: JSON.stringify(flags), createdBy: actor, createdAt: now, updatedAt: now, version: 1,
    };
    await tx.getRepository(DsrRequestEntity).insert(row);
    await scheduleReminder(tx, id, due.due, now);
    await scheduleDeadlineWatch(tx, id, 'remedyRequestBy', by.due, now);
    await scheduleDeadlineWatch(tx, id, 'decisionDue', due.due, now);
    await also?.(tx, id);
  };

  await host.start(PROCESS_KEY, {
    actor,
    businessKey: id,
    variables: {
      requestId: id, channel: input.channel, acknowledgementRequested: input.acknowledgementRequested,
      remedyRequestBy: by.due, decisionDue: due.due,
    },
    beforeStep: insert,
    afterStep: async (tx, step) => {
      await tx.getRepository(DsrRequestEntity).update({ id }, { instanceId: step.instance.id });
      const row = await tx.getRepository(DsrRequestEntity).findOneByOrFail({ id });
      return [{ at: now, actor, type: 'request.registered', instanceId: step.instance.id, subjectId: id, data: { caseNumber: row.caseNumber, channel: input.channel, mailbox: row.mailbox, rights: input.rights, receivedAt: receivedAt.toISOString(), flags } }];
    },
  });
  return id;
}

export async function instanceOf(tx: EntityManager, requestId: string): Promise<string | null> {
  const i = await tx.getRepository(ProcessInstanceEntity).findOneBy({ businessKey: requestId, status: 'running' });
  return i?.id ?? null;
}
