import type { Database } from '../../persistence/database.js';
import { DsrRequestEntity, type RequestStatus } from '../../persistence/entities/index.js';
import { requestView, type RequestView } from '../../requests/view.js';

/**
 * One page of cases, newest first. Paged in the database and the full view built only for the rows shown,
 * so the list stays fast with many thousands of cases (RequestService.list builds a view of every case).
 */
export async function casePage(db: Database, now: Date, o: { status?: RequestStatus; limit: number; offset: number }): Promise<{ items: RequestView[]; total: number; counts: Record<string, number> }> {
  return db.read(async (m) => {
    const repo = m.getRepository(DsrRequestEntity);
    const qb = repo.createQueryBuilder('r');
    if (o.status) qb.where('r.status = :status', { status: o.status });
    const [rows, total] = await qb.orderBy('r.receivedAt', 'DESC').addOrderBy('r.year', 'DESC').addOrderBy('r.seq', 'DESC').skip(o.offset).take(o.limit).getManyAndCount();
    const grouped = await repo.createQueryBuilder('r').select('r.status', 'status').addSelect('COUNT(*)', 'n').groupBy('r.status').getRawMany<{ status: string; n: number | string }>();
    const items = await Promise.all(rows.map((row) => requestView(m, row, now)));
    return { items, total, counts: Object.fromEntries(grouped.map((g) => [g.status, Number(g.n)])) };
  });
}
