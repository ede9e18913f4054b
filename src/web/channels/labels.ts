/** Slovenian words for the channel pages (issue 6): phone desk, print queue and outbox, e-mail intake, contacts. */

/** What a caller may offer on the phone (docs/api.md, "Phone inquiries"), as the clerk reads it. */
export const IDENTIFIER_LABELS: Record<string, string> = {
  caseNumber: 'številka zadeve',
  emso: 'EMŠO',
  zzzsNumber: 'številka zavarovane osebe (ZZZS)',
  taxNumber: 'davčna številka',
  lastDocumentDate: 'datum zadnjega dokumenta Zavoda',
  upnReference: 'referenca UPN',
};

/**
 * Letters as the phone desk names them (S2.3): only that a letter was sent and when. A dismissal is a
 * decision on the request too; its own name would tell the caller the outcome, so both read the same.
 */
export const PHONE_LETTER_LABELS: Record<string, string> = {
  acknowledgement: 'potrdilo o prejemu zahteve',
  remedy_request: 'poziv k dopolnitvi zahteve',
  extension_notice: 'obvestilo o podaljšanju roka',
  decision: 'odločitev o zahtevi',
  dismissal: 'odločitev o zahtevi',
  clarification_answer: 'odgovor na zahtevo za pojasnilo',
  recipient_notification: 'obvestilo o obveščenih uporabnikih',
};

/** Where an e-mail letter is (LetterRow.mailStatus), for the outbox. */
export const MAIL_STATUS_LABELS: Record<string, string> = {
  outbox: 'čaka v odloženi pošti (pošiljanje po e-pošti ni nastavljeno)',
  queued: 'v vrsti za pošiljanje',
  sending: 'pošiljanje v teku',
  sent: 'poslano',
  print: 'za tiskanje',
};

/**
 * The last error of a send (the SMTP server's or the network's words, in English) said in Slovenian;
 * the original stays beside it for whoever checks the mail server.
 */
export function mailErrorText(error: string | null): string | null {
  if (!error) return null;
  const e = error.toLowerCase();
  if (/econnrefused|enotfound|eai_again|ehostunreach|enetunreach|getaddrinfo/.test(e)) return 'Strežnik SMTP ni dosegljiv (povezava zavrnjena ali naslov strežnika ne obstaja).';
  if (/timeout|timed out|etimedout/.test(e)) return 'Strežnik SMTP se ni odzval v predvidenem času.';
  if (/\b53[45]\b|auth|credentials|login/.test(e)) return 'Prijava na strežnik SMTP ni uspela (napačno uporabniško ime ali geslo).';
  if (/certificate|tls|ssl|self[- ]signed/.test(e)) return 'Varne povezave (TLS) s strežnikom SMTP ni bilo mogoče vzpostaviti.';
  if (/\b55[0-4]\b|recipient|mailbox unavailable|user unknown/.test(e)) return 'Strežnik je zavrnil naslov prejemnika; preverite e-poštni naslov posameznika.';
  if (/\b4[2-5]\d\b/.test(e)) return 'Strežnik je sporočilo začasno zavrnil; pošiljanje se bo ponovilo.';
  if (/\b5\d\d\b/.test(e)) return 'Strežnik je sporočilo zavrnil.';
  return 'Pošiljanje ni uspelo.';
}

/** Why a print-queue action cannot be done (ConflictError codes of src/requests/letterQueue.ts). */
export const LETTER_CONFLICTS: Record<string, string> = {
  already_posted: 'Pismo je že oddano na pošto; drugič ga ni mogoče oddati.',
  not_paper: 'To pismo se pošlje po elektronski pošti, ne natisne in odda na pošto.',
};

/** Why an e-mail draft cannot be registered or discarded (src/intake/drafts.ts). */
export const DRAFT_CONFLICTS: Record<string, string> = {
  draft_closed: 'Sporočilo je že evidentirano ali zavrženo; drugič ga ni mogoče.',
};

export const DRAFT_STATUS_LABELS: Record<string, string> = {
  draft: 'čaka na evidentiranje',
  registered: 'evidentirano kot zahteva',
  discarded: 'zavrženo (ni zahteva)',
};

export const UNIT_KIND_LABELS: Record<string, string> = {
  direkcija: 'direkcija',
  obmocna_enota: 'območna enota',
  podrocna_enota: 'področna enota',
};

/** Bytes as a clerk reads them: 12 kB, 1,4 MB. */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} kB`;
  return `${(bytes / (1024 * 1024)).toLocaleString('sl-SI', { maximumFractionDigits: 1 })} MB`;
}
