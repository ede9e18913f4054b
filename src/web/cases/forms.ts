import type { FieldIssue } from '../../errors.js';

/** A form value as typed: a string, or '' for anything else (arrays, objects, nothing). */
export const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** A form value as an object (`subject[firstName]` arrives as `subject: { firstName }` with extended parsing). */
export const group = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** Checkbox lists arrive as one string, an array of strings, or nothing. */
export const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' && v ? [v] : []);

/** A checked checkbox sends its value; an unchecked one sends nothing. */
export const checked = (v: unknown): boolean => v === 'on' || v === 'true' || v === '1' || v === 'yes';

/** Trimmed, or left out when empty: optional fields of the API are absent, not blank. */
export const optional = (v: unknown): string | undefined => {
  const t = text(v).trim();
  return t ? t : undefined;
};

/** Some schema messages are zod's English defaults; staff read Slovenian, so those get the form's own words. */
const ENGLISH = /^(invalid|too (big|small)|expected|required)|\bexpected\b/i;

/** Sentence case and a full stop: schema messages are written as fragments ("ime je obvezno"). */
export function sentence(message: string): string {
  const m = message.trim();
  if (!m) return m;
  const first = m[0]!.toLocaleUpperCase('sl-SI') + m.slice(1);
  return /[.!?]$/.test(first) ? first : `${first}.`;
}

/**
 * The field errors of a ValidationError, keyed by form field: a detail path `subject.emso` becomes
 * `subject_emso` (for the template) and the anchor `#subject-emso` (for the summary). Indexes of lists
 * (`rights.0`) belong to the list. `fallback` says it in Slovenian where the schema did not; `always` replaces
 * a schema message written for API clients (one that lists codes) by words for staff.
 */
export function fieldErrors(details: readonly FieldIssue[], fallback: Record<string, string> = {}, always: Record<string, string> = {}): { errors: Record<string, string>; errorList: { href: string; message: string }[] } {
  const errors: Record<string, string> = {};
  const errorList: { href: string; message: string }[] = [];
  for (const d of details) {
    const path = d.path.split('.').filter((p) => !/^\d+$/.test(p)).join('.') || 'form';
    const key = path.replace(/\./g, '_');
    const message = sentence(always[path] ?? (ENGLISH.test(d.message) ? fallback[path] ?? 'Vrednost ni veljavna.' : d.message));
    if (errors[key]) continue;
    errors[key] = message;
    errorList.push({ href: `#${path.replace(/\./g, '-')}`, message });
  }
  return { errors, errorList };
}
