import { emsoBirthDate } from './identifiers.js';

/** Full age in Slovenia: 18 years (a parent is the legal representative of a minor child only). */
export const AGE_OF_MAJORITY = 18;

/**
 * Is the holder of this EMŠO of full age on a day (YYYY-MM-DD)? null when the EMŠO holds no real birth
 * date. Full age begins on the 18th birthday (one born on 29 February: on 1 March of a common year).
 */
export function isAdultOn(emso: string, day: string): boolean | null {
  const born = emsoBirthDate(emso);
  if (!born) return null;
  const coming = `${Number(born.slice(0, 4)) + AGE_OF_MAJORITY}${born.slice(4)}`;
  return coming <= day;
}
