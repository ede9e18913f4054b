import { Router } from 'express';
import { pageModel, requirePage } from '../middleware.js';
import { logAccess } from '../../requests/accessLog.js';
import { mayDo } from '../../permissions.js';
import type { WebContext } from '../context.js';
import { dashboardData, LIST_LIMIT, SILENCE_WORKING_DAYS, SOON_WORKING_DAYS, type DashboardList } from '../dashboard/queries.js';
import { STATUS_LABELS, TASK_LABELS } from '../register/labels.js';

const monthName = (month: string) =>
  new Intl.DateTimeFormat('sl-SI', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1, 1)));

const view = (l: DashboardList | undefined) => l && {
  ...l,
  items: l.items.map((i) => ({ ...i, href: `/requests/${encodeURIComponent(i.id)}`, taskHref: i.taskId ? `/tasks/${encodeURIComponent(i.taskId)}` : null, statusText: STATUS_LABELS[i.status] ?? i.status, step: i.tasks.map((t) => TASK_LABELS[t] ?? t).join(', ') })),
};

/** The home page after sign-in (X3): deadlines at a glance, by role. */
export function dashboardPages(ctx: WebContext): Router {
  const r = Router();
  r.get('/', requirePage(ctx), async (req, res) => {
    const roles = req.webUser!.roles;
    const d = await dashboardData(ctx.system.db, ctx.system.clock.now(), roles);
    const has = (...rs: string[]) => rs.some((x) => (roles as string[]).includes(x));
    // The lists name the persons of their cases: the cases shown are read (issue 10 #4).
    const shown = [d.overdue, d.dueSoon, d.silenceRisk, d.awaitingRemedy, d.recordsTasks].flatMap((l) => l?.items.map((i) => i.id) ?? []);
    if (shown.length) await logAccess(ctx.system.db, ctx.system.clock.now(), { actor: req.webUser!.username, type: 'dashboard.viewed', requestIds: shown, data: { via: 'web' } });
    res.send(ctx.pages.page('dashboard', pageModel(req, {
      title: 'Pregled',
      today: d.today, soonUntil: d.soonUntil, silenceUntil: d.silenceUntil,
      soonDays: SOON_WORKING_DAYS, silenceDays: SILENCE_WORKING_DAYS, limit: LIST_LIMIT,
      overdue: view(d.overdue), dueSoon: view(d.dueSoon), silenceRisk: view(d.silenceRisk), awaitingRemedy: view(d.awaitingRemedy), recordsTasks: view(d.recordsTasks), missed: view(d.missed),
      month: { ...d.month, name: monthName(d.month.month) },
      links: [
        ...(mayDo(roles, 'requests.register') ? [{ href: '/requests/new', text: 'Evidentiraj novo zahtevo' }] : []),
        ...(mayDo(roles, 'tasks.desk') ? [{ href: '/tasks', text: 'Moje naloge' }] : []),
        ...(mayDo(roles, 'register.read') ? [{ href: '/register', text: 'Evidenca zahtev in letna statistika' }] : []),
        ...(has('legal') ? [{ href: '/modeler', text: 'Urejevalnik diagramov' }, { href: '/rules', text: 'Pravila' }] : []),
        ...(has('admin') ? [{ href: '/admin/users', text: 'Uporabniki in vloge' }] : []),
        { href: '/help', text: 'Pomoč: Navodilo člen za členom' },
      ],
    })));
  });
  return r;
}
