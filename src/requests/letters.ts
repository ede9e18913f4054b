import { randomUUID } from 'node:crypto';
import { SUBJECT_LINES } from '../letters/subjectLines.js';
import type { EntityManager } from 'typeorm';
import { formatSlovenian, toLocalDate } from '../domain/localDate.js';
import { LetterEntity, type LetterKind, type LetterRow } from '../persistence/entities/index.js';
import { caseUpnReference, documentNumber } from './caseNumbers.js';
import { filer, OUTCOME_LABELS, REPRESENTATIVE_KIND_LABELS, RIGHT_LABELS, type Decision, type Request } from './model.js';
import { groundText } from '../domain/refusalGrounds.js';
import { eurosText } from '../rules/fee.js';
import { TARIFF_ITEM_LABELS } from './decision.js';
import type { RequestDeps } from './context.js';
import { queueLetterMail } from './letterMail.js';


const CHANNEL_TEXT: Record<string, string> = { post: 'poslano po pošti', in_person: 'vloženo osebno', email: 'poslano po elektronski pošti' };
const fmt = (d: string | undefined) => (d ? formatSlovenian(d) : '');

/**
 * Render a letter of a request and store it immutably (X4), in the step's transaction. A letter is
 * answered the way the request came (N10.1, N11.1): see answerChannel. The idempotency key makes a retried step write the letter once.
 */
export async function issueLetter(
  tx: EntityManager, deps: RequestDeps, r: Request, kind: LetterKind, extra: Record<string, unknown>, actor: string, now: Date, idempotencyKey: string,
): Promise<LetterRow> {
  const repo = tx.getRepository(LetterEntity);
  const existing = await repo.findOneBy({ idempotencyKey });
  if (existing) return existing;
  const today = toLocalDate(now);
  const count = await repo.count({ where: { requestId: r.row.id } });
  const number = documentNumber(r.row.caseNumber, count + 2);
  const channel = answerChannel(r);
  const name = `${r.subject.firstName} ${r.subject.lastName}`;
  // ZUP: letters go to the one who filed — the representative where one filed, at their own address or e-mail.
  const to = filer(r);
  const d = r.deadlines;
  const model = {
    kind, caseNumber: r.row.caseNumber, documentNumber: number, dateText: formatSlovenian(today), subjectLine: `${SUBJECT_LINES[kind]} — zadeva ${r.row.caseNumber}`,
    recipient: { name: to.name, address: to.address ?? '', email: channel === 'email' ? to.email ?? '' : '', onBehalfOf: to.isRepresentative ? name : '' },
    subjectName: name,
    representativeText: r.representative
      ? `Zahtevo ste za posameznika ${name} vložili kot ${REPRESENTATIVE_KIND_LABELS[r.representative.kind] ?? r.representative.kind}; odgovor zato pošiljamo vam.`
      : '',
    rightsText: r.rights.length ? r.rights.map((x) => RIGHT_LABELS[x]).join('; ') : 'pravica ni navedena',
    receivedText: formatSlovenian(r.row.receivedOn), filedText: formatSlovenian(r.row.filedOn), channelText: CHANNEL_TEXT[r.row.channel],
    decisionDueText: fmt(d.decisionDue), remedyDueText: fmt(d.remedyDue), remedyRequestSentText: fmt(d.remedyRequestSentOn),
    // N6.2: the remedy time limit ran from the person's receipt of the request for remedy.
    remedyRequestDeliveredText: fmt(d.remedyRequestDeliveredOn),
    originalDueText: fmt(d.originalDecisionDue), missing: r.flags.missing ?? [],
    outcomeText: r.decision ? OUTCOME_LABELS[r.decision.outcome] : '', refused: r.decision?.outcome === 'refused' || r.decision?.outcome === 'partially_granted',
    reasoning: r.decision?.reasoning ?? '', groundsText: (r.decision?.grounds ?? []).map(groundText),
    feeText: r.decision && r.decision.fee > 0 ? feeText(r.decision, caseUpnReference(r.row.year, r.row.seq), r.row.caseNumber, deps.feeIban) : '',
    extension: r.extension ? { ...r.extension, monthsText: r.extension.months === 1 ? 'en mesec' : 'dva meseca' } : null,
    clarificationReceivedText: fmt(r.flags.clarificationReceivedOn), answer: r.flags.clarificationAnswer ?? '',
    signatory: 'Pooblaščena oseba za varstvo osebnih podatkov',
    ...extra,
  };
  const rendered = deps.letters.render(kind, model);
  const row: LetterRow = {
    id: randomUUID(), requestId: r.row.id, kind, channel, documentNumber: number, recipient: channel === 'email' ? to.email! : `${to.name}, ${to.address ?? ''}`,
    subjectLine: model.subjectLine, html: rendered.html, sha256: rendered.sha256, templateVersion: rendered.templateVersion,
    idempotencyKey, createdAt: now, createdBy: actor, sentAt: null,
    mailStatus: channel === 'post' ? 'print' : deps.mailEnabled ? 'queued' : 'outbox', messageId: null, mailError: null, printedAt: null, postedOn: null,
  };
  await repo.insert(row);
  if (row.mailStatus === 'queued') await queueLetterMail(tx, row.id, now);
  return row;
}

/**
 * N10.1/N11.1: paper is answered on paper, e-mail by e-mail, unless the person gave another contact
 * address (answerBy); an e-mail request without an address to answer to can only be answered on paper.
 */
export function answerChannel(r: Request): 'email' | 'post' {
  const wanted = r.flags.answerBy ?? (r.row.channel === 'email' ? 'email' : 'post');
  return wanted === 'email' && filer(r).email ? 'email' : 'post';
}

const FEE_BASIS_TEXT: Record<string, string> = {
  art15_3_further_copy: 'za nadaljnjo kopijo podatkov (člen 15(3) Splošne uredbe o varstvu podatkov)',
  art12_5_excessive: 'ker je zahteva očitno neutemeljena ali pretirana (točka (a) člena 12(5) Splošne uredbe o varstvu podatkov)',
};

/**
 * N16.1: the fee announced before anything is charged (EDPB: in advance, so that the person may withdraw):
 * the amount and how the tariff gives it, the basis, how to pay (UPN with the case's reference), and that
 * the copy follows the payment.
 */
function feeText(decision: Decision, reference: string, caseNumber: string, iban: string | undefined): string {
  const f = decision.feeDetails;
  const how = f && f.lines.length ? ` (po ceniku: ${f.lines.map((l) => `${l.quantity} × ${TARIFF_ITEM_LABELS[l.item] ?? l.item} po ${eurosText(l.unitPrice)}`).join(', ')})` : '';
  const basis = f ? FEE_BASIS_TEXT[f.basis] ?? '' : '';
  const account = iban ? `na račun Zavoda ${iban}` : 'na račun Zavoda (podatke za plačilo vam sporoči kontaktni center ZZZS)';
  return `Za posredovanje zaračunavamo pristojbino v znesku ${eurosText(decision.fee)}${how}${basis ? `, ${basis}` : ''}. `
    + `Pristojbino plačajte z univerzalnim plačilnim nalogom (UPN) ${account}, z referenco ${f?.reference ?? reference} in namenom »Pristojbina, zadeva ${caseNumber}«. `
    + 'Kopijo vam pošljemo, ko prejmemo plačilo. Če je ne želite več, nam to sporočite; pristojbine tedaj ne boste dolžni plačati.';
}
