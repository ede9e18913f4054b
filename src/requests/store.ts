import type { EntityManager } from 'typeorm';
import { NotFoundError } from '../errors.js';
import { DsrRequestEntity } from '../persistence/entities/index.js';
import { readRequest, writeRequest, type Request } from './model.js';

export async function loadRequest(tx: EntityManager, id: string): Promise<Request> {
  const row = await tx.getRepository(DsrRequestEntity).findOneBy({ id });
  if (!row) throw new NotFoundError(`request ${id} does not exist`);
  return readRequest(row);
}

/** Write a changed request back; `version` counts every change for optimistic checks outside steps. */
export async function saveRequest(tx: EntityManager, r: Request, now: Date, extra: Partial<Request['row']> = {}): Promise<void> {
  await tx.getRepository(DsrRequestEntity).update({ id: r.row.id }, { ...writeRequest(r), ...extra, updatedAt: now, version: r.row.version + 1 });
  r.row.version += 1;
}
