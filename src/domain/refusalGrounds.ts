/**
 * The grounds on which a request may be refused in whole or in part, with the law each one rests on
 * (N11.1: a decision states its reasons; docs/api.md "decide": the instruction's own grounds and the GDPR's
 * exceptions). Whether a ground fits the facts of a case is the `refusal-grounds` rule set's judgement
 * (data, editable by legal staff); what a ground is called and which article a letter cites is here.
 *
 * Each GDPR exception belongs to one right: "data already accurate" answers a rectification, the
 * exceptions of 17(3) an erasure, 18(2) a restriction, 21(1) an objection. `right` names it (null: a
 * ground that can answer any right); the rule set checks the same, so the preview and the letter agree.
 */
export const REFUSAL_GROUNDS = [
  'art15_protected_persons',
  'art16_manifestly_unfounded',
  'art16_excessive',
  'art23_restriction',
  'gdpr16_data_accurate',
  'gdpr17_3_b_legal_obligation',
  'gdpr17_3_c_public_health',
  'gdpr17_3_d_archiving',
  'gdpr17_3_e_legal_claims',
  'gdpr18_2_permitted_processing',
  'gdpr21_1_compelling_grounds',
] as const;
export type RefusalGround = (typeof REFUSAL_GROUNDS)[number];

export interface GroundInfo {
  /** What the ground says, as a letter and the form say it. */
  label: string;
  /** The provision the refusal rests on, cited in the letter. */
  legalBasis: string;
  /** The right (request type) the ground can answer; null for any. */
  right: 'access' | 'rectification' | 'erasure' | 'restriction' | 'objection' | null;
}

const GDPR = 'Splošne uredbe o varstvu podatkov (GDPR)';

export const GROUNDS: Record<RefusalGround, GroundInfo> = {
  art15_protected_persons: {
    label: 'uresničitev bi prizadela koristi mladoletnih ali drugih zakonsko zaščitenih oseb, ki pretehtajo nad interesom zakonitega zastopnika',
    legalBasis: `člen 15(4) ${GDPR} in 15. člen Navodila`, right: null,
  },
  art16_manifestly_unfounded: {
    label: 'zahteva je očitno neutemeljena', legalBasis: `točka (b) člena 12(5) ${GDPR} in 16. člen Navodila`, right: null,
  },
  art16_excessive: {
    label: 'zahteva je pretirana, zlasti ker se ponavlja', legalBasis: `točka (b) člena 12(5) ${GDPR} in 16. člen Navodila`, right: null,
  },
  art23_restriction: {
    label: 'pravica je omejena z zakonom v skladu s 23. členom Splošne uredbe', legalBasis: `člen 23 ${GDPR}`, right: null,
  },
  gdpr16_data_accurate: {
    label: 'podatki, katerih popravek se zahteva, so točni in glede na namen obdelave popolni', legalBasis: `člen 16 ${GDPR}`, right: 'rectification',
  },
  gdpr17_3_b_legal_obligation: {
    label: 'obdelava je potrebna za izpolnjevanje pravne obveznosti, ki jo določa zakon (npr. predpisana hramba), ali za opravljanje naloge v javnem interesu oziroma pri izvajanju javne oblasti, dodeljene Zavodu',
    legalBasis: `člen 17(3)(b) ${GDPR}`, right: 'erasure',
  },
  gdpr17_3_c_public_health: {
    label: 'obdelava je potrebna iz razlogov javnega interesa na področju javnega zdravja', legalBasis: `člen 17(3)(c) ${GDPR}`, right: 'erasure',
  },
  gdpr17_3_d_archiving: {
    label: 'obdelava je potrebna za namene arhiviranja v javnem interesu, za namene znanstvenega ali zgodovinskega raziskovanja ali za statistične namene',
    legalBasis: `člen 17(3)(d) ${GDPR}`, right: 'erasure',
  },
  gdpr17_3_e_legal_claims: {
    label: 'obdelava je potrebna za uveljavljanje, izvajanje ali obrambo pravnih zahtevkov', legalBasis: `člen 17(3)(e) ${GDPR}`, right: 'erasure',
  },
  gdpr18_2_permitted_processing: {
    label: 'podatki se kljub omejitvi smejo obdelovati, ker je to potrebno za uveljavljanje, izvajanje ali obrambo pravnih zahtevkov, za varstvo pravic druge osebe ali zaradi pomembnega javnega interesa',
    legalBasis: `člen 18(2) ${GDPR}`, right: 'restriction',
  },
  gdpr21_1_compelling_grounds: {
    label: 'za obdelavo obstajajo nujni legitimni razlogi, ki prevladajo nad interesi, pravicami in svoboščinami posameznika, ali je obdelava potrebna za uveljavljanje, izvajanje ali obrambo pravnih zahtevkov',
    legalBasis: `člen 21(1) ${GDPR}`, right: 'objection',
  },
};

export const isRefusalGround = (g: string): g is RefusalGround => (REFUSAL_GROUNDS as readonly string[]).includes(g);

/** A ground as a decision letter states it: what it says and the law it rests on. */
export function groundText(g: string): string {
  if (!isRefusalGround(g)) return g;
  const info = GROUNDS[g];
  return `${info.label} (pravna podlaga: ${info.legalBasis})`;
}
