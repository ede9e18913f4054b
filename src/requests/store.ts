import type { EntityManager } from 'typeorm';
import { ConflictError, NotFoundError } from '../errors.js';
import { DsrRequestEntity } from '../persistence/entities/index.js';
import { readRequest, writeRequest, type Request } from './model.js';

export async function loadRequest(tx: EntityManager, id: string): Promise<Request> {
  const row = await tx.getRepository(DsrRequestEntity).findOneBy({ id });
  if (!row) throw new NotFoundError(`request ${id} does not exist`);
  return readRequest(row);
}

/**
 * Write a changed request back, only if nobody changed it since it was read: the update names the version
 * it read (`WHERE id = ? AND version = ?`). A job that read the row before a person's decision committed
 * must not write its stale copy over that decision; it gets a conflict, rolls back and is retried.
 */
export async function saveRequest(tx: EntityManager, r: Request, now: Date, extra: Partial<Request['row']> = {}): Promise<void> {
  const res = await tx.getRepository(DsrRequestEntity).update({ id: r.row.id, version: r.row.version }, { ...writeRequest(r), ...extra, updatedAt: now, version: r.row.version + 1 });
  if (res.affected !== 1) {
    throw new ConflictError(`request ${r.row.caseNumber ?? r.row.id} was changed by someone else meanwhile (version ${r.row.version} is stale); load it again`, 'stale_version');
  }
  r.row.version += 1;
}
