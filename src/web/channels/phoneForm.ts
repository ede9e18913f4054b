import type { PhoneAnswer } from '../../requests/phone.js';
import { checked, group, optional, text } from '../cases/forms.js';
import { IDENTIFIER_LABELS, PHONE_LETTER_LABELS } from './labels.js';

/** The identifiers in the order a caller is usually asked for them, with what the clerk needs to know. */
export const PHONE_FIELDS = [
  { key: 'caseNumber', label: 'Številka zadeve', hint: 'Npr. 0072-1/2026; z dopisa Zavoda.', kind: 'secret' },
  { key: 'emso', label: 'EMŠO', hint: '13 števk; kontrolna številka se preveri.', inputmode: 'numeric', kind: 'unique' },
  { key: 'zzzsNumber', label: 'Številka zavarovane osebe (ZZZS)', hint: '9 števk, s kartice zdravstvenega zavarovanja.', inputmode: 'numeric', kind: 'unique' },
  { key: 'taxNumber', label: 'Davčna številka', hint: '8 števk; kontrolna številka se preveri.', inputmode: 'numeric', kind: 'unique' },
  { key: 'lastDocumentDate', label: 'Datum zadnjega dokumenta, ki ga je klicatelj prejel od Zavoda', type: 'date', kind: 'secret' },
  { key: 'upnReference', label: 'Referenca UPN plačila', hint: 'Npr. SI12 20260000019.', kind: 'secret' },
] as const;

export type PhoneFieldKey = (typeof PHONE_FIELDS)[number]['key'];

export interface PhoneForm {
  identifiers: Record<PhoneFieldKey, string>;
  healthRelated: boolean;
  suspicion: boolean;
}

export const emptyPhoneForm = (): PhoneForm => ({
  identifiers: Object.fromEntries(PHONE_FIELDS.map((f) => [f.key, ''])) as Record<PhoneFieldKey, string>,
  healthRelated: false,
  suspicion: false,
});

/** What the clerk typed, as typed (it stays in the form whatever the answer). */
export function readPhoneForm(body: Record<string, unknown>): PhoneForm {
  const ids = group(body.identifiers);
  return {
    identifiers: Object.fromEntries(PHONE_FIELDS.map((f) => [f.key, text(ids[f.key])])) as Record<PhoneFieldKey, string>,
    healthRelated: checked(body.healthRelated),
    suspicion: checked(body.suspicion),
  };
}

/** The form as the API's inquiry body (docs/api.md, "Phone inquiries"): only what the caller offered. */
export function phoneInput(form: PhoneForm): unknown {
  const identifiers = Object.fromEntries(PHONE_FIELDS.map((f) => [f.key, optional(form.identifiers[f.key])]).filter(([, v]) => v !== undefined));
  return { identifiers, healthRelated: form.healthRelated, suspicion: form.suspicion };
}

/** Where the schema speaks to API clients (or in zod's English), the form speaks to the clerk. */
export const PHONE_FALLBACK: Record<string, string> = Object.fromEntries(PHONE_FIELDS.map((f) => [`identifiers.${f.key}`, `${f.label}: vrednost je predolga.`]));
export const PHONE_ALWAYS: Record<string, string> = {
  'identifiers.lastDocumentDate': 'Vpišite veljaven datum (dan, mesec, leto).',
  identifiers: 'Vpišite vsaj en podatek, ki ga je povedal klicatelj.',
};

export function phoneFormModel(form: PhoneForm, errors: Record<string, string>) {
  return {
    form,
    fields: PHONE_FIELDS.map((f) => ({
      ...f, id: `identifiers-${f.key}`, name: `identifiers[${f.key}]`, value: form.identifiers[f.key],
      error: errors[`identifiers_${f.key}`], unique: f.kind === 'unique',
    })),
  };
}

/**
 * The answer as the clerk on the call sees it. Deliberately without the case page's facts: only the
 * verdict, the identifiers, and — when sufficient — the procedural facts the caller may be told (S2.3).
 */
export function phoneResultModel(answer: PhoneAnswer) {
  const name = (k: string) => IDENTIFIER_LABELS[k] ?? k;
  return {
    sufficient: answer.sufficient,
    required: answer.required,
    matchedCount: answer.matched.length,
    matched: answer.matched.map(name),
    notCounted: answer.notCounted.map((n) => ({ name: name(n.identifier), reason: n.reason })),
    missing: answer.missing,
    caseNumber: answer.sufficient ? answer.caseNumber : null,
    disclosure: answer.disclosure
      ? {
          receivedOn: answer.disclosure.receivedOn,
          letters: answer.disclosure.letters.map((l) => ({ name: PHONE_LETTER_LABELS[l.kind] ?? 'dopis Zavoda', sentOn: l.sentOn })),
        }
      : null,
  };
}
