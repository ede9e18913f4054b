import type { LocalDate } from './localDate.js';

/**
 * The GDPR applies from 25 May 2018 (Art. 99(2)): no data-subject request, and nothing that answers one,
 * can be received before that day. An earlier date is a typing error, and it would move every deadline.
 */
export const GDPR_APPLIES_FROM: LocalDate = '2018-05-25';
