/** Slovenian words for the codes shown on the register, the dashboard and in the CSV export. */

export const RIGHT_LABELS: Record<string, string> = {
  access: 'dostop (15. člen)',
  rectification: 'popravek (16. člen)',
  erasure: 'izbris (17. člen)',
  restriction: 'omejitev obdelave (18. člen)',
  objection: 'ugovor (21. člen)',
};

export const OUTCOME_LABELS: Record<string, string> = {
  granted: 'ugodeno',
  partially_granted: 'delno ugodeno',
  refused: 'zavrnjeno',
  dismissed: 'zavrženo',
  pending: 'še ni odločeno',
};

export { STATUS_LABELS } from '../cases/labels.js';

export const TASK_LABELS: Record<string, string> = {
  checkCompleteness: 'preveri popolnost',
  verifyIdentity: 'ugotovi istovetnost',
  checkRecords: 'preveri zbirke',
  decide: 'odloči',
  notifyRecipients: 'obvesti uporabnike',
  answerClarification: 'odgovori na zahtevo za pojasnilo',
};

export const RIGHTS = ['access', 'rectification', 'erasure', 'restriction', 'objection'] as const;
export const OUTCOMES = ['granted', 'partially_granted', 'refused', 'dismissed'] as const;
export const STATUSES = ['registered', 'awaiting_remedy', 'in_review', 'decided', 'clarification', 'closed', 'dismissed'] as const;

/** `[{ value, text }]` for a <select>, in the order of the list. */
export const options = (values: readonly string[], labels: Record<string, string>) => values.map((value) => ({ value, text: labels[value] ?? value }));
