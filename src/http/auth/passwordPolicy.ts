import { z } from 'zod';
import { ValidationError } from '../../errors.js';

/**
 * The one password policy (issue 10 #10): every password that becomes a user's — created by an admin,
 * the bootstrap admin's, the CLI's, one changed by its owner or reset by an admin — passes here.
 * Length is what protects most; the rest refuses the guesses an attacker tries first.
 */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 200;

/**
 * Passwords that are long enough yet among the first an attacker tries (leaked-password lists, keyboard
 * walks, the organisation's own name), compared without case, spaces or punctuation.
 */
const COMMON = [
  'password1234', 'password12345', 'password123456', 'passw0rd1234', 'p4ssw0rd1234', 'passwordpassword',
  '123456789012', '1234567890123', '12345678901234', '111111111111', '000000000000', '123123123123',
  'qwertyuiopas', 'qwertyuiop123', 'qwerty123456', 'qwertzuiopasd', 'asdfghjkl123', '1qaz2wsx3edc', '1q2w3e4r5t6y',
  'iloveyou1234', 'letmein12345', 'welcome12345', 'administrator', 'administrator1', 'admin1234567', 'adminadmin12',
  'changeme1234', 'changemenow1', 'geslo1234567', 'geslogeslo12', 'mojegeslo123', 'novogeslo123', 'zacetnogeslo',
  'zzzs12345678', 'zzzsgeslo123', 'zzzs2026zzzs', 'ljubljana123', 'ljubljana2026', 'slovenija123', 'slovenija2026',
  'maribor12345', 'poletje20266', 'zima20262026', 'geslo2026geslo', 'choosealongpassword', 'chooseapassword',
].map((p) => p.replace(/[^\p{L}\p{N}]/gu, ''));
const COMMON_SET = new Set(COMMON);

export interface PasswordProblem {
  /** English, for the API. */
  message: string;
  /** Slovenian, next to the field in a form. */
  sl: string;
}

const normal = (s: string) => s.normalize('NFKC').toLowerCase();

/** Why this password may not be used by this user, or null when it may. */
export function passwordProblem(password: string, username = ''): PasswordProblem | null {
  const chars = Array.from(password);
  if (chars.length < MIN_PASSWORD_LENGTH) return { message: `at least ${MIN_PASSWORD_LENGTH} characters`, sl: `Geslo mora imeti vsaj ${MIN_PASSWORD_LENGTH} znakov.` };
  if (chars.length > MAX_PASSWORD_LENGTH) return { message: `at most ${MAX_PASSWORD_LENGTH} characters`, sl: `Geslo je predolgo (največ ${MAX_PASSWORD_LENGTH} znakov).` };
  const p = normal(password);
  const name = normal(username.trim());
  if (name.length >= 2 && p.includes(name)) return { message: 'must not contain the username', sl: 'Geslo ne sme vsebovati uporabniškega imena.' };
  const bare = p.replace(/[^\p{L}\p{N}]/gu, '');
  if (COMMON_SET.has(bare)) return { message: 'is one of the most common passwords; choose another', sl: 'To geslo je med najpogostejšimi; izberite drugo.' };
  if (new Set(chars).size < 5) return { message: 'needs at least 5 different characters', sl: 'Geslo mora vsebovati vsaj 5 različnih znakov.' };
  return null;
}

/** The policy as a zod refinement on an object with a password field and (optionally) a username field. */
export function refinePassword<T extends Record<string, unknown>>(passwordField: keyof T & string, usernameOf: (v: T) => string) {
  return (value: T, ctx: z.RefinementCtx) => {
    const pw = value[passwordField];
    // The field's own min/max (as published in the OpenAPI document) already speak of length in UTF-16 units.
    if (typeof pw !== 'string' || pw.length < MIN_PASSWORD_LENGTH || pw.length > MAX_PASSWORD_LENGTH) return;
    const problem = passwordProblem(pw, usernameOf(value));
    if (problem) ctx.addIssue({ code: 'custom', path: [passwordField], message: problem.message, params: { sl: problem.sl } });
  };
}

/** Throws a 422 naming `path` when the password breaks the policy. */
export function assertPasswordPolicy(password: string, username: string, path = 'password'): void {
  const problem = passwordProblem(password, username);
  if (problem) throw new ValidationError(`${path}: ${problem.message}`, [{ path, message: problem.message }]);
}
