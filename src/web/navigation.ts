import type { Role } from '../roles.js';
import { rolesFor } from '../permissions.js';

interface NavItem { href: string; label: string; roles: readonly Role[] | 'all' }

/** The main menu; an item shows only to the roles that may open it, by the permission table (the server checks again). */
const ITEMS: NavItem[] = [
  { href: '/', label: 'Pregled', roles: 'all' },
  { href: '/tasks', label: 'Naloge', roles: rolesFor('tasks.desk') },
  { href: '/requests/new', label: 'Nova zahteva', roles: rolesFor('requests.register') },
  { href: '/requests', label: 'Zadeve', roles: rolesFor('requests.list') },
  { href: '/register', label: 'Evidenca', roles: rolesFor('register.read') },
  { href: '/phone', label: 'Telefon', roles: rolesFor('phone.inquiry') },
  { href: '/letters', label: 'Pošta', roles: rolesFor('letters.queue') },
  { href: '/intake/emails', label: 'E-pošta', roles: rolesFor('intake.email') },
  { href: '/admin/users', label: 'Uporabniki', roles: rolesFor('users.manage') },
  { href: '/contacts', label: 'Kontakti', roles: 'all' },
  { href: '/help', label: 'Pomoč', roles: 'all' },
  { href: '/modeler', label: 'Postopek', roles: rolesFor('definitions.deploy') },
  { href: '/rules', label: 'Pravila', roles: rolesFor('rules.deploy') },
  { href: '/templates', label: 'Dopisi', roles: rolesFor('templates.edit') },
];

export function navigationFor(roles: readonly Role[], currentPath: string) {
  return ITEMS.filter((i) => i.roles === 'all' || i.roles.some((r) => roles.includes(r)))
    .map((i) => ({ href: i.href, label: i.label, current: i.href === '/' ? currentPath === '/' : currentPath.startsWith(i.href) }));
}
