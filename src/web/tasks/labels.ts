/** Slovenian labels of the values staff meet on the task pages (codes stay English in the API). */

export const CHANNEL_LABELS: Record<string, string> = {
  post: 'pisno po pošti',
  in_person: 'osebno',
  email: 'po e-pošti',
  phone: 'po telefonu',
};

export const STATUS_LABELS: Record<string, string> = {
  registered: 'vpisana',
  awaiting_remedy: 'čaka dopolnitev',
  in_review: 'v obravnavi',
  decided: 'odločeno',
  clarification: 'zahteva za pojasnilo',
  closed: 'zaključena',
  dismissed: 'zavržena',
};

/** verifyIdentity `method` values (docs/api.md "Tasks"), with the art. 7 wording. */
export const METHOD_LABELS: Record<string, string> = {
  qualified_signature: 'kvalificiran elektronski podpis',
  id_document: 'vpogled v uradni osebni identifikacijski dokument',
  paper_confirmation: 'potrditev zahteve v papirni obliki',
  in_person: 'osebna potrditev zahteve',
  personal_delivery: 'osebna vročitev na uradni naslov',
  records_match: 'ujemanje podatkov z evidencami Zavoda',
};

export const OUTCOME_CHOICES: Record<string, string> = {
  granted: 'zahtevi se ugodi',
  partially_granted: 'zahtevi se delno ugodi',
  refused: 'zahteva se zavrne',
};

export const DEADLINE_LABELS: Record<string, string> = {
  remedyRequestBy: 'Poziv k dopolnitvi najpozneje',
  remedyDue: 'Rok za dopolnitev',
  decisionDue: 'Rok za odločitev',
  clarificationUntil: 'Zahteva za pojasnilo do',
  clarificationAnswerDue: 'Odgovor na zahtevo za pojasnilo do',
  appealUntil: 'Pritožba do',
  dismissalDue: 'Sklep o zavrženju izdati do',
};

export const REPRESENTATIVE_LABELS: Record<string, string> = {
  attorney: 'pooblaščenec',
  legal_guardian: 'zakoniti zastopnik',
  parent: 'starš',
};

/** The user tasks that have a form (views/forms/<key>.hbs), in the order of the process. */
export const TASK_FORMS = ['checkCompleteness', 'verifyIdentity', 'checkRecords', 'decide', 'notifyRecipients', 'answerClarification', 'issueDismissal', 'complyWithAppeal'] as const;
export type FormKey = (typeof TASK_FORMS)[number];
export const isFormKey = (k: string): k is FormKey => (TASK_FORMS as readonly string[]).includes(k);

export const TASK_LABELS: Record<FormKey, string> = {
  checkCompleteness: 'Preveri popolnost',
  verifyIdentity: 'Ugotovi istovetnost',
  checkRecords: 'Preveri zbirke',
  decide: 'Odloči',
  notifyRecipients: 'Obvesti uporabnike',
  answerClarification: 'Odgovori na zahtevo za pojasnilo',
  issueDismissal: 'Izdaj sklep o zavrženju',
  complyWithAppeal: 'Izvrši odločbo Informacijskega pooblaščenca',
};
