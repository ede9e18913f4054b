import type { FieldIssue } from '../../errors.js';
import { TaskVariableSchemas } from '../../requests/schemas.js';
import type { FormKey } from './labels.js';

/**
 * Task forms ↔ task variables (docs/api.md "Tasks"). Inputs carry the variables' names; what a browser can
 * only send as text is converted here:
 * - booleans are radio buttons with the values "true" / "false" (nothing chosen: the variable is left out,
 *   so the schema says what to choose);
 * - `missing` and `collections` are textareas, one item per line (empty lines are dropped);
 * - `grounds` are checkboxes (repeated `grounds`);
 * - `fee` is a number in euros, a decimal comma allowed ("12,50");
 * - `recipients[i][name|notifiedOn|impossibleReason]` are rows; a row left wholly empty is dropped;
 * - dates are YYYY-MM-DD (what `<input type="date">` sends); "2. 3. 2026" is accepted too.
 * `values` is what was typed, to render the form again unchanged when validation fails.
 */
export interface RecipientRow {
  name: string;
  notifiedOn: string;
  impossibleReason: string;
}

export interface FormValues {
  [field: string]: string | string[] | RecipientRow[] | undefined;
}

export interface ReadForm {
  values: FormValues;
  variables: Record<string, unknown>;
  /** Problems found while converting (a fee that is not a number); the form is then not submitted. */
  issues: FieldIssue[];
}

const text = (v: unknown): string => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '');
const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []);
export const lines = (s: string): string[] => s.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
const bool = (s: string): boolean | undefined => (s === 'true' ? true : s === 'false' ? false : undefined);

/** "2. 3. 2026" or "2026-03-02" → "2026-03-02"; anything else unchanged (the schema then says why). */
export function isoDate(s: string): string {
  const t = s.trim();
  const m = /^(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})$/.exec(t);
  return m ? `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` : t;
}

/** A multi-line field as sent: a textarea, or repeated inputs of the same name. */
const multiline = (v: unknown): string => list(v).join('\n').replace(/\r\n?/g, '\n');

/** qs turns `recipients[0][name]` into an array, or into an object once an index passes its limit. */
function recipientRows(v: unknown): RecipientRow[] {
  const raw: unknown[] = Array.isArray(v) ? v : v && typeof v === 'object' ? Object.entries(v).sort(([a], [b]) => Number(a) - Number(b)).map(([, x]) => x) : [];
  return raw.map((r) => {
    const o = (r && typeof r === 'object' ? r : {}) as Record<string, unknown>;
    return { name: text(o.name), notifiedOn: text(o.notifiedOn), impossibleReason: text(o.impossibleReason) };
  });
}

const isBlank = (r: RecipientRow) => !r.name.trim() && !r.notifiedOn.trim() && !r.impossibleReason.trim();

export function readForm(key: FormKey, body: Record<string, unknown>): ReadForm {
  const issues: FieldIssue[] = [];
  const variables: Record<string, unknown> = {};
  const setBool = (name: string, s: string) => {
    const b = bool(s);
    if (b !== undefined) variables[name] = b;
  };
  switch (key) {
    case 'checkCompleteness': {
      const values = { complete: text(body.complete), missing: multiline(body.missing), remedyDue: text(body.remedyDue) };
      setBool('complete', values.complete);
      if (lines(values.missing).length) variables.missing = lines(values.missing);
      if (values.remedyDue.trim()) variables.remedyDue = isoDate(values.remedyDue);
      return { values, variables, issues };
    }
    case 'verifyIdentity': {
      const values = { method: text(body.method), verified: text(body.verified) };
      if (values.method) variables.method = values.method;
      setBool('verified', values.verified);
      return { values, variables, issues };
    }
    case 'checkRecords': {
      const values = { art23Restriction: text(body.art23Restriction), collections: multiline(body.collections), notes: text(body.notes) };
      setBool('art23Restriction', values.art23Restriction);
      variables.collections = lines(values.collections);
      if (values.notes.trim()) variables.notes = values.notes;
      return { values, variables, issues };
    }
    case 'decide': {
      const values: FormValues = {
        outcome: text(body.outcome), grounds: list(body.grounds), reasoning: text(body.reasoning), fee: text(body.fee),
        protectedPersonsAffected: text(body.protectedPersonsAffected), abusiveIntentShown: text(body.abusiveIntentShown),
        manifestlyUnfoundedOrExcessive: text(body.manifestlyUnfoundedOrExcessive), copyNumber: text(body.copyNumber),
      };
      if (values.outcome) variables.outcome = values.outcome;
      variables.grounds = values.grounds;
      variables.reasoning = values.reasoning;
      const fee = String(values.fee).trim().replace(/\s/g, '').replace(',', '.');
      if (fee) {
        if (/^\d{1,5}(\.\d{1,2})?$/.test(fee)) variables.fee = Number(fee);
        else issues.push({ path: 'fee', message: 'pristojbina je znesek v evrih, npr. 12,50' });
      }
      const copy = String(values.copyNumber).trim();
      if (copy) {
        if (/^\d{1,3}$/.test(copy)) variables.copyNumber = Number(copy);
        else issues.push({ path: 'copyNumber', message: 'zaporedna številka kopije je celo število (prva kopija je 1)' });
      }
      // The tariff's quantities: `pages[pageA4]`, `media[cd]` … one field per item of the tariff.
      for (const group of ['pages', 'media'] as const) {
        const raw = body[group] && typeof body[group] === 'object' && !Array.isArray(body[group]) ? (body[group] as Record<string, unknown>) : {};
        const counts: Record<string, number> = {};
        for (const [item, v] of Object.entries(raw)) {
          if (!/^[A-Za-z][A-Za-z0-9]{0,39}$/.test(item)) continue;
          const t = text(v).trim();
          values[`${group}.${item}`] = t;
          if (!t) continue;
          if (/^\d{1,6}$/.test(t)) counts[item] = Number(t);
          else issues.push({ path: `${group}.${item}`, message: 'število strani ali nosilcev je celo število' });
        }
        if (Object.keys(counts).length) variables[group] = counts;
      }
      variables.protectedPersonsAffected = values.protectedPersonsAffected === 'true';
      variables.abusiveIntentShown = values.abusiveIntentShown === 'true';
      if (values.manifestlyUnfoundedOrExcessive === 'true') variables.manifestlyUnfoundedOrExcessive = true;
      return { values, variables, issues };
    }
    case 'notifyRecipients': {
      // Filled rows first, in the order typed: then row i of the form is item i of `recipients` (error paths).
      const rows = recipientRows(body.recipients).filter((r) => !isBlank(r));
      variables.recipients = rows.map((r) => ({
        name: r.name,
        ...(r.notifiedOn.trim() ? { notifiedOn: isoDate(r.notifiedOn) } : {}),
        ...(r.impossibleReason.trim() ? { impossibleReason: r.impossibleReason } : {}),
      }));
      return { values: { recipients: rows }, variables, issues };
    }
    case 'answerClarification': {
      const values = { answer: text(body.answer) };
      variables.answer = values.answer;
      return { values, variables, issues };
    }
    case 'issueDismissal': {
      const values = { confirmed: text(body.confirmed), reasoning: text(body.reasoning) };
      if (values.confirmed === 'true') variables.confirmed = true;
      if (values.reasoning.trim()) variables.reasoning = values.reasoning;
      return { values, variables, issues };
    }
    case 'complyWithAppeal': {
      const values = { notes: text(body.notes) };
      variables.notes = values.notes;
      return { values, variables, issues };
    }
  }
}

/** Every problem at once: the conversion's, and what the task's schema says about the rest. */
export function schemaIssues(key: FormKey, variables: Record<string, unknown>): FieldIssue[] {
  const result = TaskVariableSchemas[key].safeParse(variables);
  return result.success ? [] : result.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(body)', message: i.message }));
}

/** Zod's own messages are English; the schemas give Slovenian ones for what staff meet, this covers the rest. */
export function slovenianMessage(message: string): string {
  if (/^Too small/i.test(message)) return /expected string/i.test(message) ? 'polje je obvezno' : 'premalo vnosov';
  if (/^Too big/i.test(message)) return /expected string/i.test(message) ? 'besedilo je predolgo' : 'preveč vnosov';
  if (/^Invalid option/i.test(message)) return 'izbrana vrednost ni med dovoljenimi';
  if (/^Invalid input: expected (boolean|string|number|array)/i.test(message)) return 'polje je obvezno';
  if (/^Invalid/i.test(message)) return 'vrednost ni veljavna';
  return message;
}
