import type { Role } from '../roles.js';

interface NavItem { href: string; label: string; roles: Role[] | 'all' }

/** The main menu; an item shows only to the roles that may open it (the server checks again). */
const ITEMS: NavItem[] = [
  { href: '/', label: 'Pregled', roles: 'all' },
  { href: '/tasks', label: 'Naloge', roles: ['dpo', 'records_owner', 'clerk'] },
  { href: '/requests/new', label: 'Nova zahteva', roles: ['clerk', 'dpo'] },
  { href: '/requests', label: 'Zadeve', roles: ['dpo', 'clerk', 'auditor', 'admin'] },
  { href: '/register', label: 'Evidenca', roles: ['dpo', 'auditor', 'admin'] },
  { href: '/phone', label: 'Telefon', roles: ['clerk', 'dpo'] },
  { href: '/letters', label: 'Pošta', roles: ['clerk', 'dpo'] },
  { href: '/intake/emails', label: 'E-pošta', roles: ['clerk', 'dpo'] },
  { href: '/admin/users', label: 'Uporabniki', roles: ['admin'] },
  { href: '/contacts', label: 'Kontakti', roles: 'all' },
  { href: '/help', label: 'Pomoč', roles: 'all' },
  { href: '/modeler', label: 'Postopek', roles: ['legal'] },
  { href: '/rules', label: 'Pravila', roles: ['legal'] },
  { href: '/templates', label: 'Dopisi', roles: ['legal'] },
];

export function navigationFor(roles: readonly Role[], currentPath: string) {
  return ITEMS.filter((i) => i.roles === 'all' || i.roles.some((r) => roles.includes(r)))
    .map((i) => ({ href: i.href, label: i.label, current: i.href === '/' ? currentPath === '/' : currentPath.startsWith(i.href) }));
}
