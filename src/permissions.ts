import { ROLES, type Role } from './roles.js';

/**
 * Who may do what (issue 10 #6): one table that the JSON API (http/auth/middleware.ts `allow`) and the
 * staff pages (web/middleware.ts `allowPage`, the case page's actions, the menu) all read, so a page and
 * the API can no longer disagree. The contract's rules: requests are registered by clerks and the DPO;
 * deciding events from outside (an extension, closing an appeal) are the DPO's; records owners see only
 * the cases of their own tasks, never the full list; the admin manages users and settings, not personal
 * data, so reads no case, letter, register or trace.
 */
const ALL: readonly Role[] = ROLES;

export const PERMISSIONS = {
  // Requests (cases): personal data
  'requests.register': ['clerk', 'dpo'],
  'requests.list': ['clerk', 'dpo', 'auditor'],
  /** records_owner only for the cases of its own tasks (TASK_SCOPED_ROLES). */
  'requests.read': ['clerk', 'dpo', 'auditor', 'records_owner'],
  'requests.remedy': ['clerk', 'dpo'],
  'requests.extension': ['dpo'],
  'requests.delivery': ['clerk', 'dpo'],
  'requests.clarification': ['clerk', 'dpo'],
  'requests.appeal': ['clerk', 'dpo'],
  'requests.appealClosed': ['dpo'],
  /** A dismissal set aside, with reasons: the official's decision (issue 16 #1). */
  'requests.reopen': ['dpo'],
  /** A fee payment the person made, as the bank statement or the desk shows it (N16.1). */
  'requests.feePayment': ['clerk', 'dpo'],
  /** The whole trace of a case: every step and every read. */
  'requests.trace': ['dpo', 'auditor'],
  /** Who read a case (ZVOP-2): those who answer for it and those who check it. */
  'requests.accessLog': ['dpo', 'auditor'],
  'register.read': ['dpo', 'auditor'],

  // Tasks: the API's list names no person; the pages' list and forms do
  'tasks.list': ALL,
  'tasks.work': ALL,
  'tasks.desk': ['clerk', 'dpo', 'records_owner'],

  // Channels: letters to print and post, e-mail intake, the phone desk
  'letters.queue': ['clerk', 'dpo'],
  'intake.email': ['clerk', 'dpo'],
  'phone.inquiry': ['clerk', 'dpo'],

  // The law, processes and templates (no personal data)
  'law.read': ALL,
  'rules.deploy': ['legal'],
  'definitions.read': ['legal', 'dpo', 'auditor', 'admin'],
  'definitions.deploy': ['legal'],
  'definitions.migrate': ['legal', 'admin'],
  'templates.read': ['legal', 'dpo', 'auditor', 'admin'],
  'templates.edit': ['legal'],
  'instances.start': ['admin', 'dpo'],
  'instances.read': ['admin', 'dpo', 'auditor', 'legal'],

  // The system
  'incidents.manage': ['dpo', 'admin'],
  'audit.verify': ['auditor', 'admin', 'dpo'],
  'clock.set': ['admin'],
  'users.manage': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof PERMISSIONS;

/**
 * Roles that may read a case only while they have a task on it (open, of their role or claimed by them):
 * a records owner checks the collections of the cases given to it and sees nothing else.
 */
export const TASK_SCOPED_ROLES: readonly Role[] = ['records_owner'];

export const rolesFor = (action: Action): readonly Role[] => PERMISSIONS[action];

export function mayDo(roles: readonly Role[], action: Action): boolean {
  return rolesFor(action).some((r) => roles.includes(r));
}

/** Whether these roles read any case (true), or only the cases of their own tasks (false). */
export function readsEveryCase(roles: readonly Role[]): boolean {
  return rolesFor('requests.read').some((r) => roles.includes(r) && !TASK_SCOPED_ROLES.includes(r));
}

export const isAction = (s: string): s is Action => Object.prototype.hasOwnProperty.call(PERMISSIONS, s);
