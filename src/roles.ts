/** The roles of docs/architecture.md, "Who uses it". */
export const ROLES = ['clerk', 'dpo', 'records_owner', 'legal', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(s: string): s is Role {
  return (ROLES as readonly string[]).includes(s);
}
