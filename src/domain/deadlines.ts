import { addDays, addMonths, addWorkingDays, workingDaysBefore, type Deadline } from './calendar.js';
import { formatSlovenian, type LocalDate } from './localDate.js';

/**
 * The named time limits of the instruction (NAVODILO), each computed by the legal calendar and explained.
 * Every deadline shown anywhere in the system comes from here (DESIGN principle 4).
 */

/** Art. 6 ¶1: the request for remedy goes out within 5 working days of receipt (N6.1). */
export const remedyRequestBy = (receivedOn: LocalDate): Deadline => addWorkingDays(receivedOn, 5);

/** Art. 6 ¶2: the time limit for remedy is at least 5 working days from the person's receipt of it (N6.2). */
export const minimumRemedyDue = (remedyRequestReceivedOn: LocalDate): Deadline => addWorkingDays(remedyRequestReceivedOn, 5);

/**
 * The default remedy time limit when the request for remedy is sent on `sentOn`: we cannot know when the
 * person receives it, so delivery is assumed to take `deliveryDays` calendar days (0 for e-mail; a letter
 * by post needs more and the DPO may lengthen the limit) and the minimum of 5 working days runs from then.
 */
export function defaultRemedyDue(sentOn: LocalDate, deliveryDays = 0): Deadline {
  const received = addDays(sentOn, deliveryDays).due;
  const d = minimumRemedyDue(deliveryDays === 0 ? sentOn : received);
  return deliveryDays === 0 ? d : { due: d.due, explanation: `Vročitev poziva predvidoma ${formatSlovenian(received)}. ${d.explanation}` };
}

/**
 * N6.2 once the receipt of the request for remedy is known: the limit is the date the request named, but
 * never earlier than 5 working days from the person's receipt of it (a letter delivered late does not
 * shorten the time the person has).
 */
export function remedyDueFromReceipt(receivedOn: LocalDate, stated: LocalDate | null): Deadline {
  const min = minimumRemedyDue(receivedOn);
  const receipt = `Poziv k dopolnitvi je bil vročen ${formatSlovenian(receivedOn)}.`;
  if (stated && stated >= min.due) return { due: stated, explanation: `${receipt} Velja rok, naveden v pozivu (${formatSlovenian(stated)}), ki ni krajši od 5 delovnih dni od vročitve (6. člen).` };
  return { due: min.due, explanation: `${receipt} ${stated ? `Rok iz poziva (${formatSlovenian(stated)}) bi bil krajši od 5 delovnih dni od vročitve, zato velja najkrajši zakoniti rok (6. člen). ` : ''}${min.explanation}` };
}

/**
 * After the remedy time limit lapses, the DPO issues the dismissal (sklep) within 5 working days. The
 * instruction names no limit for it; 5 working days follows art. 6 ¶1 and art. 12, and leaves time for a
 * remedy sent on the last day to be registered first.
 */
export function dismissalDue(remedyDue: LocalDate): Deadline {
  const d = addWorkingDays(remedyDue, 5);
  return { due: d.due, explanation: `Sklep o zavrženju izda pooblaščena oseba v 5 delovnih dneh po izteku roka za dopolnitev. ${d.explanation}` };
}

export const isRemedyDueAcceptable = (proposed: LocalDate, minimum: LocalDate): boolean => proposed >= minimum;

/** Art. 8: decision within one month of receipt (N8.1); after a remedy, of its receipt (N6.3). */
export const decisionDue = (filedOn: LocalDate): Deadline => addMonths(filedOn, 1);

/**
 * Art. 8: extension by at most two further months, counted from the ORIGINAL filing day, not from the
 * first due date: filed + 1 + N months, then shifted off a day off (docs/domain.md decision) (N8.2).
 */
export function extendedDecisionDue(filedOn: LocalDate, months: 1 | 2): Deadline {
  const d = addMonths(filedOn, 1 + months);
  return { due: d.due, explanation: `Podaljšano za ${months === 1 ? '1 mesec' : '2 meseca'} (8. člen Navodila). ${d.explanation}` };
}

/** Art. 8: the person is told of an extension within the first month. */
export const extensionNoticeBy = (filedOn: LocalDate): Deadline => decisionDue(filedOn);

/** Art. 12: 8 days from receipt of the decision to ask for clarification (N12.1). */
export const clarificationUntil = (deliveredOn: LocalDate): Deadline => addDays(deliveredOn, 8);

/** Art. 12: the DPO decides on a clarification as on a new request within 5 working days (N12.1). */
export const clarificationAnswerDue = (clarificationReceivedOn: LocalDate): Deadline => addWorkingDays(clarificationReceivedOn, 5);

/** Art. 13: 15 days from receipt of a refusal to appeal to the Information Commissioner (N13.1). */
export const appealUntil = (deliveredOn: LocalDate): Deadline => addDays(deliveredOn, 15);

/** The DPO's reminder: `n` working days before a due date. */
export const reminderDate = (due: LocalDate, workingDaysAhead = 3): LocalDate => workingDaysBefore(due, workingDaysAhead);
