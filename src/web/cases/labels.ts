/** Slovenian words for the codes of a case, as staff read them on the intake form, the case list and the case page. */

export const STATUS_LABELS: Record<string, string> = {
  registered: 'evidentirana',
  awaiting_remedy: 'čaka na dopolnitev',
  in_review: 'v obravnavi',
  decided: 'odločeno',
  clarification: 'zahteva za pojasnilo',
  closed: 'zaključena',
  dismissed: 'zavržena',
};

export const CHANNEL_LABELS: Record<string, string> = {
  post: 'po pošti',
  in_person: 'osebno (Miklošičeva cesta 24)',
  email: 'po elektronski pošti',
};

export const RIGHT_SHORT_LABELS: Record<string, string> = {
  access: 'dostop', rectification: 'popravek', erasure: 'izbris', restriction: 'omejitev', objection: 'ugovor',
};

export const REPRESENTATIVE_KIND_LABELS: Record<string, string> = {
  attorney: 'pooblaščenec', legal_guardian: 'skrbnik', parent: 'starš (zakoniti zastopnik)',
};

export const ANSWER_BY_LABELS: Record<string, string> = {
  email: 'po elektronski pošti', post: 'po pošti',
};

/** The deadlines of the request view, with the article they come from. */
export const DEADLINE_LABELS: Record<string, string> = {
  remedyRequestBy: 'Poziv k dopolnitvi poslati najpozneje (6. člen)',
  remedyDue: 'Rok za dopolnitev (6. člen)',
  decisionDue: 'Rok za odločitev (8. člen)',
  clarificationUntil: 'Rok za zahtevo za pojasnilo (12. člen)',
  clarificationAnswerDue: 'Rok za odgovor na zahtevo za pojasnilo (12. člen)',
  appealUntil: 'Rok za pritožbo (13. člen)',
};

export const LETTER_LABELS: Record<string, string> = {
  acknowledgement: 'Potrdilo o prejemu zahteve',
  remedy_request: 'Poziv k dopolnitvi zahteve',
  dismissal: 'Sklep o zavrženju zahteve',
  extension_notice: 'Obvestilo o podaljšanju roka',
  decision: 'Odločitev o zahtevi',
  clarification_answer: 'Odgovor na zahtevo za pojasnilo',
  recipient_notification: 'Obvestilo o obveščenih uporabnikih',
};

export const LETTER_CHANNEL_LABELS: Record<string, string> = { email: 'e-pošta', post: 'pošta' };

export const TASK_LABELS: Record<string, string> = {
  checkCompleteness: 'Preveri popolnost zahteve',
  verifyIdentity: 'Ugotovi istovetnost',
  checkRecords: 'Preveri zbirke in omejitve po 23. členu GDPR',
  decide: 'Odloči o zahtevi',
  notifyRecipients: 'Obvesti uporabnike (19. člen GDPR)',
  answerClarification: 'Odgovori na zahtevo za pojasnilo',
};

export const APPEAL_OUTCOME_LABELS: Record<string, string> = {
  upheld: 'pritožba zavrnjena, odločitev potrjena',
  overturned: 'odločitev odpravljena ali spremenjena',
  withdrawn: 'pritožba umaknjena',
};

export const IDENTITY_METHOD_LABELS: Record<string, string> = {
  qualified_signature: 'kvalificirani e-podpis',
  id_document: 'vpogled v osebni dokument',
  paper_confirmation: 'potrditev v papirni obliki',
  in_person: 'osebno',
  personal_delivery: 'osebna vročitev odločitve',
  records_match: 'ujemanje z evidencami Zavoda',
};

export const ROLE_NAMES: Record<string, string> = {
  clerk: 'vložišče', dpo: 'pooblaščena oseba', records_owner: 'skrbnik zbirke', legal: 'pravna služba', auditor: 'revizor', admin: 'skrbnik sistema',
};

/** What the process instance waits for now (the trace's waiting elements). */
export const WAITING_LABELS: Record<string, string> = {
  remedyRequestDelivered: 'vročitev poziva k dopolnitvi (povratnica ali odpošiljanje e-pošte)',
  remedyBeforeReceipt: 'dopolnitev zahteve',
  awaitRemedy: 'dopolnitev zahteve',
  awaitDismissalDelivery: 'vročitev sklepa o zavrženju',
  awaitAnswerDelivery: 'vročitev odgovora na zahtevo za pojasnilo',
  awaitAppealOutcome: 'odločitev Informacijskega pooblaščenca o pritožbi',
  remedyInTime: 'morebitno dopolnitev, prejeto v roku',
  remedyExpired: 'iztek roka za dopolnitev',
  dismissalFinal: 'iztek roka za pritožbo zoper zavrženje',
  awaitDelivery: 'vročitev odločitve',
  clarificationRequested: 'morebitno zahtevo za pojasnilo',
  clarificationWindowEnds: 'iztek roka za zahtevo za pojasnilo',
  appealWindowEnds: 'iztek roka za pritožbo',
};

/** Where the process waited, for messages and timers in the timeline. */
const ELEMENT_EVENTS: Record<string, string> = {
  remedyRequestDelivered: 'Poziv k dopolnitvi je vročen',
  remedyBeforeReceipt: 'Prejeta dopolnitev zahteve',
  remedyInTime: 'Evidentirana dopolnitev, prejeta v roku',
  awaitDismissalDelivery: 'Sklep o zavrženju je vročen',
  awaitAnswerDelivery: 'Odgovor na zahtevo za pojasnilo je vročen',
  awaitAppealOutcome: 'Zabeležen izid pritožbe',
  awaitRemedy: 'Prejeta dopolnitev zahteve',
  remedyExpired: 'Rok za dopolnitev je potekel',
  dismissalFinal: 'Rok za pritožbo zoper zavrženje je potekel',
  awaitDelivery: 'Odločitev je vročena',
  clarificationRequested: 'Prejeta zahteva za pojasnilo',
  clarificationWindowEnds: 'Rok 8 dni za zahtevo za pojasnilo je potekel',
  appealWindowEnds: 'Rok za pritožbo je potekel',
};

const RULE_SET_LABELS: Record<string, string> = {
  completeness: 'popolnost zahteve',
  'identity-sufficiency': 'zadostnost istovetnosti',
  'refusal-grounds': 'razlogi za zavrnitev',
  fee: 'stroški',
};

const OUTCOME_SHORT: Record<string, string> = {
  granted: 'ugodeno', partially_granted: 'delno ugodeno', refused: 'zavrnjeno', dismissed: 'zavrženo',
};

type Data = Record<string, unknown>;
const s = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
const day = (v: unknown) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s(v));
  return m ? `${Number(m[3])}. ${Number(m[2])}. ${m[1]}` : s(v);
};

/** What a task's variables said, in a few words (never the reasoning: that is on the letter). */
function taskSummary(key: string, v: Data): string {
  switch (key) {
    case 'checkCompleteness': return v.complete === true ? 'zahteva je popolna' : v.complete === false ? `nepopolna: ${(Array.isArray(v.missing) ? v.missing : []).join('; ')}` : '';
    case 'verifyIdentity': return `${IDENTITY_METHOD_LABELS[s(v.method)] ?? s(v.method)}; ${v.verified ? 'istovetnost ugotovljena' : 'istovetnost ni ugotovljena'}`;
    case 'checkRecords': return `${v.art23Restriction ? 'velja omejitev po 23. členu' : 'brez omejitve po 23. členu'}${Array.isArray(v.collections) && v.collections.length ? `; zbirke: ${v.collections.join(', ')}` : ''}`;
    case 'decide': return OUTCOME_SHORT[s(v.outcome)] ?? s(v.outcome);
    case 'notifyRecipients': return Array.isArray(v.recipients) ? `uporabnikov: ${v.recipients.length}` : '';
    case 'issueDismissal': return 'zahteva zavržena (sklep)';
    default: return '';
  }
}

/** One line of the timeline: the audit event type in Slovenian, with the few facts that make it readable. */
export function describeEvent(type: string, elementId: string | undefined, data: Data): { what: string; detail: string } {
  const variables = (data.variables && typeof data.variables === 'object' ? data.variables : {}) as Data;
  switch (type) {
    case 'request.registered': return { what: 'Zahteva evidentirana', detail: [CHANNEL_LABELS[s(data.channel)] ?? s(data.channel), s(data.mailbox), (data.flags as Data | undefined)?.outsideOfficeHours ? 'zunaj uradnih ur' : ''].filter(Boolean).join(', ') };
    case 'process.started': return { what: 'Postopek začet', detail: `različica diagrama ${s(data.version)}` };
    case 'process.ended': return { what: 'Postopek končan', detail: '' };
    case 'task.completed': return { what: `Opravljena naloga: ${TASK_LABELS[elementId ?? ''] ?? elementId ?? ''}`, detail: taskSummary(elementId ?? '', variables) };
    case 'message.correlated': {
      const delivered = variables.deliveredOn ?? variables.remedyRequestDeliveredOn ?? variables.dismissalDeliveredOn ?? variables.clarificationAnswerDeliveredOn;
      return { what: ELEMENT_EVENTS[elementId ?? ''] ?? 'Prejeto sporočilo', detail: delivered ? `vročeno ${day(delivered)}` : '' };
    }
    case 'timer.fired': return { what: ELEMENT_EVENTS[elementId ?? ''] ?? 'Potekel je rok', detail: '' };
    case 'letter.created': return { what: `Izdan dopis: ${LETTER_LABELS[s(data.kind)] ?? s(data.kind)}`, detail: [s(data.documentNumber), LETTER_CHANNEL_LABELS[s(data.channel)] ?? ''].filter(Boolean).join(', ') };
    case 'rule.evaluated': return { what: `Ovrednotena pravila: ${RULE_SET_LABELS[s(data.ruleSet)] ?? s(data.ruleSet)}`, detail: data.version !== undefined ? `različica ${s(data.version)}` : '' };
    case 'request.remedied': return { what: 'Zahteva dopolnjena (6. člen)', detail: `šteje za vloženo ${day(data.filedOn)}; rok za odločitev ${day(data.decisionDue)}` };
    case 'request.extended': return { what: 'Rok za odločitev podaljšan (8. člen)', detail: `za ${s(data.months)} mes., do ${day(data.to)}` };
    case 'request.appealed': return { what: data.kind === 'silence' ? 'Vložena pritožba zaradi molka (13. člen)' : 'Vložena pritožba', detail: `prejeta ${day(data.receivedOn)}; zadržanje podatkov ostane do konca pritožbenega postopka` };
    case 'request.appeal_complied': return { what: 'Odločba Informacijskega pooblaščenca izvršena (14. člen)', detail: day(data.compliedOn) };
    case 'request.reopened': return { what: 'Zadeva ponovno odprta', detail: s(data.reasons) };
    case 'letter.delivered': return { what: `Vročen dopis: ${LETTER_LABELS[s(data.kind)] ?? s(data.kind)}`, detail: `${day(data.deliveredOn)}${s(data.documentNumber) ? `, ${s(data.documentNumber)}` : ''}` };
    case 'deadline.missed': return { what: 'Zamujen rok', detail: `${s(data.label)}: ${day(data.due)}` };
    case 'legal_hold.active': return { what: 'Zadržanje podatkov znova velja (14. člen)', detail: s(data.reason) === 'clarification requested' ? 'zahteva za pojasnilo' : s(data.reason) };
    case 'fee.paid': return { what: 'Plačilo pristojbine', detail: `plačano ${day(data.paidOn)}, ${String(data.amount)} EUR; neporavnano ${String(data.outstanding)} EUR` };
    case 'request.appeal_closed': return { what: 'Pritožbeni postopek končan', detail: `${day(data.closedOn)}: ${APPEAL_OUTCOME_LABELS[s(data.outcome)] ?? s(data.outcome)}` };
    case 'case.closed': return { what: 'Zadeva zaključena', detail: data.legalHold === 'released' ? 'zadržanje podatkov sproščeno' : s(data.legalHold) ? 'zadržanje podatkov ostaja (pritožba)' : '' };
    case 'reminder.decision_due': return { what: 'Opomnik: bliža se rok za odločitev', detail: day(data.decisionDue) };
    case 'variables.updated': return { what: 'Podatki postopka posodobljeni', detail: variables.decisionDue ? `rok za odločitev ${day(variables.decisionDue)}` : '' };
    case 'incident.raised': return { what: 'Samodejni korak ni uspel (incident)', detail: '' };
    case 'incident.retried': return { what: 'Samodejni korak ponovljen', detail: '' };
    case 'request.viewed': return { what: 'Ogled zadeve', detail: '' };
    case 'letter.viewed': return { what: data.download ? 'Prenos dopisa' : 'Ogled dopisa', detail: s(data.documentNumber) };
    default:
      if (type.includes('phone')) return { what: 'Telefonsko povpraševanje', detail: data.sufficient === true ? 'istovetnost zadostno preverjena' : data.sufficient === false ? 'istovetnost ni zadostno preverjena' : '' };
      return { what: type, detail: '' };
  }
}

/** Reads of personal data (ZVOP-2 access log), kept apart from what happened in the case. */
export const ACCESS_EVENTS = new Set(['request.viewed', 'letter.viewed']);

/** Why an action cannot be done now: the ConflictError codes of the request events, in Slovenian. */
export const CONFLICT_REASONS: Record<string, string> = {
  not_awaiting_remedy: 'Zadeva ne čaka na dopolnitev.',
  remedy_late: 'Dopolnitev je prispela po izteku roka za dopolnitev (6. člen); upoštevati je ni mogoče.',
  already_decided: 'O zahtevi je že odločeno; roka za odločitev ni več mogoče podaljšati.',
  already_extended: 'Rok za odločitev je že podaljšan; podaljša se lahko le enkrat, skupaj največ za dva meseca (8. člen).',
  first_month_passed: 'Prvi mesec je že potekel; o podaljšanju je treba posameznika obvestiti v prvem mesecu (8. člen).',
  no_decision: 'V zadevi še ni odločitve (pritožba zaradi molka je mogoča šele dan po izteku roka za odločitev).',
  not_dismissed: 'Ponovno je mogoče odpreti le zavrženo zadevo.',
  appeal_pending: 'V zadevi že teče pritožbeni postopek.',
  already_delivered: 'Vročitev tega dopisa je že evidentirana.',
  not_delivered: 'Odločitev še ni vročena; zahteva za pojasnilo je mogoča šele po vročitvi.',
  clarification_late: 'Rok 8 dni od vročitve za zahtevo za pojasnilo je potekel (12. člen).',
  not_decided: 'V tem stanju zadeve zahteva za pojasnilo ni več mogoča.',
  no_appeal: 'V zadevi ni vložene pritožbe.',
  appeal_closed: 'Pritožbeni postopek je že zaključen.',
  no_fee: 'Odločitev ne zaračunava pristojbine.',
  fee_paid: 'Pristojbina je že v celoti plačana.',
  not_waiting: 'Postopek tega dogodka zdaj ne pričakuje; osvežite stran.',
  instance_ended: 'Postopek zadeve je že končan.',
  stale_version: 'Zadevo je medtem spremenil nekdo drug; osvežite stran in poskusite znova.',
};
