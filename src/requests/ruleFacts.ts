import type { EntityManager } from 'typeorm';
import { DsrRequestEntity } from '../persistence/entities/index.js';
import type { Request } from './model.js';

/** Which identity-sufficiency fact each verification method of the verifyIdentity task asserts. */
const METHOD_FACT: Record<string, string> = {
  qualified_signature: 'qualifiedSignature', id_document: 'idDocumentSeen', paper_confirmation: 'paperConfirmation',
  in_person: 'inPerson', personal_delivery: 'personalDeliveryToOfficialAddress', records_match: 'recordsMatch',
};

/** The facts the identity rules judge for a request and the method the DPO names (N7.1, N7.2). */
export function identityFacts(r: Request, method: string): Record<string, unknown> {
  const facts: Record<string, unknown> = { channel: r.row.channel, qualifiedSignature: r.identityEvidence.qualifiedSignature, idDocumentSeen: r.identityEvidence.idDocumentSeen };
  const fact = METHOD_FACT[method];
  if (fact) facts[fact] = true;
  return facts;
}

/** Requests of the same person (by EMŠO or tax number) received in the 12 months up to this one (N16.1). */
export async function requestsInLastYear(m: EntityManager, r: Request): Promise<number> {
  const key = r.subject.emso ?? r.subject.taxNumber;
  if (!key) return 0;
  const since = `${Number(r.row.receivedOn.slice(0, 4)) - 1}${r.row.receivedOn.slice(4)}`;
  const rows = await m.getRepository(DsrRequestEntity).createQueryBuilder('q').select(['q.id', 'q.subject'])
    .where('q.receivedOn >= :since AND q.receivedOn <= :until AND q.id <> :id', { since, until: r.row.receivedOn, id: r.row.id }).getMany();
  return rows.filter((q) => {
    const s = JSON.parse(q.subject) as { emso?: string; taxNumber?: string };
    return (r.subject.emso && s.emso === r.subject.emso) || (r.subject.taxNumber && s.taxNumber === r.subject.taxNumber);
  }).length;
}
