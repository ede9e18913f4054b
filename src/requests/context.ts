import type { Clock } from '../engine/clock.js';
import type { Database } from '../persistence/database.js';
import type { LetterRenderer } from '../letters/render.js';
import type { RuleService } from '../rules/service.js';

/** What the request use cases need from the system. */
export interface RequestDeps {
  db: Database;
  clock: Clock;
  rules: RuleService;
  letters: LetterRenderer;
  /** Classification code of case numbers (DSR_CASE_CLASSIFICATION). */
  classification: string;
  /** Calendar days assumed for a letter by post to reach the person (remedy time limit, N6.2). */
  postalDeliveryDays: number;
  /** With SMTP configured, e-mail letters are queued for sending; without, they wait in the outbox. */
  mailEnabled: boolean;
  /** N16.1: the account a fee is paid to (DSR_FEE_IBAN); without it the letter refers to the contact centre. */
  feeIban?: string;
}

export const PROCESS_KEY = 'dsrRequest';
