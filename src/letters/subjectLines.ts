import type { LetterKind } from '../persistence/entities/index.js';

/** The subject line of each kind of letter (the letter's title; "— zadeva <number>" follows it). */
export const SUBJECT_LINES: Record<LetterKind, string> = {
  acknowledgement: 'Potrdilo o prejemu zahteve',
  remedy_request: 'Poziv k dopolnitvi zahteve',
  dismissal: 'Sklep o zavrženju zahteve',
  extension_notice: 'Obvestilo o podaljšanju roka za odločitev',
  decision: 'Odločitev o zahtevi',
  clarification_answer: 'Odgovor na zahtevo za pojasnilo',
  recipient_notification: 'Obvestilo o obveščenih uporabnikih osebnih podatkov',
};
