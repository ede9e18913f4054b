import { daysInMonth } from './localDate.js';

export type Check = { ok: true } | { ok: false; reason: string };
const ok: Check = { ok: true };
const fail = (reason: string): Check => ({ ok: false, reason });

const weightedSum = (digits: string, weights: readonly number[]) => weights.reduce((s, w, i) => s + w * Number(digits[i]), 0);

/**
 * EMŠO: DDMMLLLRRZZZK (Uredba o načinu določanja osebne identifikacijske številke, Art. 3). A real birth
 * date; any register code (foreigners have EMŠO too); mod-11 check digit with weights 7..2,7..2. A
 * remainder of 1 has no valid check digit: such numbers are not assigned (docs/domain.md; configurable).
 */
export function validateEmso(value: string, options: { rejectRemainderOne?: boolean } = {}): Check {
  const v = value.trim();
  if (!/^\d{13}$/.test(v)) return fail('EMŠO mora imeti 13 števk.');
  if (!emsoBirthDate(v)) return fail('Prvih sedem števk EMŠO ni veljaven datum rojstva.');
  const r = weightedSum(v, [7, 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) % 11;
  if (r === 1 && options.rejectRemainderOne !== false) return fail('Kontrolna številka EMŠO ni pravilna.');
  const k = r === 0 || r === 1 ? 0 : 11 - r;
  return Number(v[12]) === k ? ok : fail('Kontrolna številka EMŠO ni pravilna.');
}

/** The birth date of an EMŠO as YYYY-MM-DD, or null if it is not a real date (LLL < 800 means 2000+). */
export function emsoBirthDate(v: string): string | null {
  const d = Number(v.slice(0, 2)), m = Number(v.slice(2, 4)), lll = Number(v.slice(4, 7));
  const y = lll < 800 ? 2000 + lll : 1000 + lll;
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Serial 000–499 male, 500–999 female (Uredba Art. 3). */
export const emsoSex = (v: string): 'M' | 'F' => (Number(v.slice(9, 12)) < 500 ? 'M' : 'F');

/** Davčna številka: 8 digits, first not 0; weights 8..2; r = 0 is invalid, r = 1 gives check digit 0. */
export function validateTaxNumber(value: string): Check {
  const v = value.trim();
  if (!/^\d{8}$/.test(v)) return fail('Davčna številka mora imeti 8 števk.');
  if (v[0] === '0') return fail('Davčna številka se ne začne z 0.');
  const r = weightedSum(v, [8, 7, 6, 5, 4, 3, 2]) % 11;
  if (r === 0) return fail('Kontrolna številka davčne številke ni pravilna.');
  const k = r === 1 ? 0 : 11 - r;
  return Number(v[7]) === k ? ok : fail('Kontrolna številka davčne številke ni pravilna.');
}

/** ZZZS številka zavarovane osebe: 9 digits, may start with 0; no public check digit (docs/domain.md). */
export function validateZzzsNumber(value: string): Check {
  return /^\d{9}$/.test(value.trim()) ? ok : fail('Številka ZZZS mora imeti 9 števk.');
}

/**
 * UPN reference: SI00 (up to three parts, no check), SI12 (one part whose last digit is a mod-11 check,
 * weights 2, 3, 4… from the right, results 10 and 11 become 0), RF (ISO 11649, mod 97 = 1).
 */
export function validateUpnReference(value: string): Check {
  const v = value.replace(/\s+/g, '').toUpperCase();
  if (v.startsWith('RF')) return validateRf(v);
  const m = /^SI(\d{2})(.*)$/.exec(v);
  if (!m) return fail('Referenca mora se začeti s SI ali RF.');
  const model = m[1]!, body = m[2]!;
  if (body.length === 0 || body.length > 22) return fail('Referenca SI ima od 1 do 22 znakov za modelom.');
  if (!/^\d+(-\d+){0,2}$/.test(body)) return fail('Referenca SI sme vsebovati le števke in največ dva vezaja.');
  if (body.replace(/-/g, '').length > 20) return fail('Referenca SI ima največ 20 števk.');
  if (model === '00') return ok;
  if (model === '12') {
    if (body.includes('-')) return fail('Referenca SI12 ima en sam del.');
    return Number(body.at(-1)) === mod11Check(body.slice(0, -1)) ? ok : fail('Kontrolna številka reference SI12 ni pravilna.');
  }
  return fail(`Model SI${model} ni podprt (podprta sta SI00 in SI12).`);
}

/** An SI12 reference for a base of digits: the base and its mod-11 check digit (docs/domain.md, "UPN reference"). */
export function si12Reference(base: string): string {
  if (!/^\d{1,19}$/.test(base)) throw new Error(`an SI12 base is 1 to 19 digits, got "${base}"`);
  return `SI12 ${base}${mod11Check(base)}`;
}

function mod11Check(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += Number(digits[digits.length - 1 - i]) * (i + 2);
  const k = 11 - (sum % 11);
  return k >= 10 ? 0 : k;
}

function validateRf(v: string): Check {
  if (!/^RF\d{2}[0-9A-Z]{1,21}$/.test(v)) return fail('Referenca RF ima obliko RFkk in do 21 črk ali števk.');
  const moved = v.slice(4) + v.slice(0, 4);
  let rem = 0;
  for (const ch of moved) {
    const n = /\d/.test(ch) ? ch : String(ch.charCodeAt(0) - 55);
    for (const digit of n) rem = (rem * 10 + Number(digit)) % 97;
  }
  return rem === 1 ? ok : fail('Kontrolni števki reference RF nista pravilni.');
}
