import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { toLocalDate } from '../domain/localDate.js';
import { ConflictError } from '../errors.js';
import type { OutboundEffect } from '../engine/jobWorker.js';
import { JobEntity, type JobRow, type LetterRow } from '../persistence/entities/index.js';
import type { RequestEvents } from './events.js';

export const EMAIL_DELIVERY_EFFECT = 'emailLetterDelivered';

/** Letters whose time limits run from the person's receipt of them. */
const TIMED = new Set(['remedy_request', 'decision', 'dismissal', 'clarification_answer']);

interface Payload { requestId: string; letterId: string; deliveredOn: string }

/** In the transaction that records the sending: a job that records the delivery (at most one per letter). */
export async function queueEmailDelivery(tx: EntityManager, letter: Pick<LetterRow, 'id' | 'kind' | 'requestId'>, now: Date): Promise<void> {
  if (!TIMED.has(letter.kind)) return;
  const payload: Payload = { requestId: letter.requestId, letterId: letter.id, deliveredOn: toLocalDate(now) };
  const job: JobRow = {
    id: randomUUID(), kind: 'effect', instanceId: null, elementId: null, executionId: null, handler: EMAIL_DELIVERY_EFFECT,
    payload: JSON.stringify(payload), idempotencyKey: `delivered:${letter.id}`, dueAt: now.getTime(),
    status: 'pending', attempts: 0, lockOwner: null, lockExpiresAt: null, lastError: null, createdAt: now, version: 1,
  };
  await tx.createQueryBuilder().insert().into(JobEntity).values(job).orIgnore().execute();
}

/**
 * Records the delivery of a sent e-mail as the `system` (the sending day is the day of receipt). It steps
 * the process, which needs its own transactions: so it runs in `perform`, outside the job's. Recording is
 * idempotent: a delivery recorded already (by staff) is left as it is.
 */
export function emailDeliveryEffect(events: () => RequestEvents): OutboundEffect<Payload, void> {
  return {
    outbound: true,
    prepare: async (job) => JSON.parse(job.payload ?? '{}') as Payload,
    async perform(p) {
      try {
        await events().delivery(p.requestId, { deliveredOn: p.deliveredOn, letterId: p.letterId }, 'system');
      } catch (err) {
        if (err instanceof ConflictError && err.code === 'already_delivered') return;
        throw err;
      }
    },
    record: async () => undefined,
    release: async () => undefined,
  };
}
