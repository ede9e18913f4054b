import { Router, type Request, type Response } from 'express';
import type { z } from 'zod';
import { ConflictError } from '../../errors.js';
import { createUser, NewUserSchema, setPassword, updateUser, userView } from '../../http/auth/users.js';
import { passwordProblem } from '../../http/auth/passwordPolicy.js';
import { revokeToken, tokensOf } from '../../http/auth/tokens.js';
import { ApiTokenEntity, UserEntity, WebSessionEntity, type UserRow } from '../../persistence/entities/index.js';
import { ROLES, type Role } from '../../roles.js';
import { pageModel, requirePage, ROLE_LABELS } from '../middleware.js';
import type { WebContext } from '../context.js';

/** What each role may do, next to its checkbox (docs/architecture.md "Who uses it"). */
const ROLE_HINTS: Record<Role, string> = {
  clerk: 'evidentira prejete zahteve, odgovarja na telefonska povpraševanja',
  dpo: 'rešuje zahteve: naloge, odločitve, dopisi',
  records_owner: 'potrjuje, ali je posameznik v zbirki, in omejitve po 23. členu',
  legal: 'ureja diagrame postopkov in pravila',
  auditor: 'bere vse, ne spreminja ničesar; sledi zadevam in preverja revizijsko sled',
  admin: 'upravlja uporabnike in vloge',
};

type Issue = z.core.$ZodIssue;

/** The users module speaks English to the API; staff read the reason next to the field in Slovenian. */
function slovenianIssue(i: Issue): [field: string, message: string] {
  const field = String(i.path[0] ?? 'username');
  const code = i.code;
  switch (field) {
    case 'username':
      if (code === 'too_small') return [field, 'Uporabniško ime mora imeti vsaj 2 znaka.'];
      if (code === 'too_big') return [field, 'Uporabniško ime je predolgo (največ 100 znakov).'];
      return [field, 'Uporabniško ime sme vsebovati le male črke brez šumnikov, številke, piko, vezaj in podčrtaj.'];
    case 'password': {
      // The password policy words its own reasons in Slovenian (passwordPolicy.ts).
      const sl = code === 'custom' ? (i as { params?: { sl?: unknown } }).params?.sl : undefined;
      if (typeof sl === 'string') return [field, sl];
      if (code === 'too_small') return [field, 'Geslo mora imeti vsaj 12 znakov.'];
      if (code === 'too_big') return [field, 'Geslo je predolgo (največ 200 znakov).'];
      return [field, 'Vpišite geslo.'];
    }
    case 'roles':
      if (code === 'too_small') return [field, 'Izberite vsaj eno vlogo.'];
      return [field, 'Izbrana vloga ne obstaja.'];
    case 'displayName':
      return [field, 'Ime in priimek sta predolga (največ 200 znakov).'];
    default:
      return [field, 'Vrednost ni veljavna.'];
  }
}

const text = (v: unknown) => (typeof v === 'string' ? v : '');
const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []);

/** Issue 5 item 9: users and roles, for the admin only. Every change is audited by the users module. */
export function adminPages(ctx: WebContext): Router {
  const r = Router();
  const admin = requirePage(ctx, 'admin');

  const show = async (req: Request, res: Response, status: number, extra: Record<string, unknown> = {}) => {
    const rows = await ctx.system.db.read((m) => m.getRepository(UserEntity).find({ order: { username: 'ASC' } }));
    const me = req.webUser!.username;
    const form = (extra.form ?? { roles: [] }) as { roles: string[] };
    const done = text(req.query.done), who = text(req.query.user);
    const known = rows.some((u) => u.username === who);
    const flash = status === 200 && known
      ? ({ created: `Uporabnik ${who} je ustvarjen.`, disabled: `Uporabnik ${who} je onemogočen; njegove seje in žetoni ne veljajo več.`, enabled: `Uporabnik ${who} je znova omogočen.` } as Record<string, string>)[done]
      : undefined;
    res.status(status).send(ctx.pages.page('admin/users', pageModel(req, {
      title: 'Uporabniki in vloge',
      flash,
      users: rows.map((u) => {
        const v = userView(u);
        return { ...v, createdAt: u.createdAt, roleLabels: v.roles.map((x) => ROLE_LABELS[x] ?? x), self: v.username === me, action: `/admin/users/${encodeURIComponent(v.username)}/disabled`, edit: `/admin/users/${encodeURIComponent(v.username)}` };
      }),
      roleChoices: ROLES.map((x) => ({ value: x, text: ROLE_LABELS[x], hint: ROLE_HINTS[x], checked: form.roles.includes(x) })),
      ...extra,
    })));
  };

  const byName = (username: string) => ctx.system.db.read((m) => m.getRepository(UserEntity).findOneBy({ username }));

  r.get('/admin', admin, (_req, res) => res.redirect(303, '/admin/users'));
  r.get('/admin/users', admin, (req, res) => show(req, res, 200));

  r.post('/admin/users', admin, async (req, res) => {
    const form = {
      username: text(req.body?.username).trim(),
      displayName: text(req.body?.displayName).trim(),
      roles: list(req.body?.roles),
    };
    const parsed = NewUserSchema.safeParse({ ...form, password: text(req.body?.password), displayName: form.displayName || undefined });
    const errors: Record<string, string> = {};
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const [field, message] = slovenianIssue(issue);
        errors[field] ??= message;
      }
    } else {
      try {
        const user = await createUser(ctx.system.db, parsed.data, req.webUser!.username, ctx.system.clock.now());
        return res.redirect(303, `/admin/users?done=created&user=${encodeURIComponent(user.username)}`);
      } catch (err) {
        if (!(err instanceof ConflictError)) throw err;
        errors.username = 'Uporabnik s tem uporabniškim imenom že obstaja.';
      }
    }
    // The password is never sent back; everything else typed stays.
    return show(req, res, 422, { form, errors, hasErrors: true });
  });

  r.post('/admin/users/:username/disabled', admin, async (req, res) => {
    const username = String(req.params.username);
    const disabled = req.body?.disabled === 'true';
    if (disabled && username === req.webUser!.username) {
      return show(req, res, 409, { actionError: 'Samega sebe ne morete onemogočiti; to naj stori drug skrbnik sistema.' });
    }
    const target = await byName(username);
    if (!target) return show(req, res, 404, { actionError: `Uporabnika ${username} ni.` });
    try {
      await updateUser(ctx.system.db, target.id, { disabled }, req.webUser!.username, ctx.system.clock.now());
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
      return show(req, res, 409, { actionError: 'To je zadnji aktivni skrbnik sistema; najprej dodelite to vlogo komu drugemu.' });
    }
    res.redirect(303, `/admin/users?done=${disabled ? 'disabled' : 'enabled'}&user=${encodeURIComponent(username)}`);
  });

  // Issue 10 #10: one user's roles, a password reset and the user's API tokens; every change audited.
  const USER_FLASH: Record<string, string> = {
    roles: 'Vloge so shranjene; veljajo od naslednje zahteve uporabnika.',
    password: 'Geslo je nastavljeno; vse prijave in žetoni API uporabnika so končani.',
    revoked: 'Žeton je preklican.',
  };
  const showUser = async (req: Request, res: Response, target: UserRow, status: number, extra: Record<string, unknown> = {}) => {
    const view = userView(target);
    const checked = (extra.checkedRoles as string[] | undefined) ?? view.roles;
    const sessionCount = await ctx.system.db.read((m) => m.getRepository(WebSessionEntity).countBy({ userId: target.id }));
    const base = `/admin/users/${encodeURIComponent(view.username)}`;
    res.status(status).send(ctx.pages.page('admin/user', pageModel(req, {
      title: `Uporabnik ${view.username}`,
      flash: status === 200 ? USER_FLASH[text(req.query.done)] : undefined,
      target: view, sessionCount, tokens: await tokensOf(ctx.system.db, target.id),
      rolesAction: `${base}/roles`, passwordAction: `${base}/password`,
      roleChoices: ROLES.map((x) => ({ value: x, text: ROLE_LABELS[x], hint: ROLE_HINTS[x], checked: checked.includes(x) })),
      ...extra,
    })));
  };
  const userPage = (username: string, done: string) => `/admin/users/${encodeURIComponent(username)}?done=${done}`;

  r.get('/admin/users/:username', admin, async (req, res) => {
    const target = await byName(String(req.params.username));
    if (!target) return show(req, res, 404, { actionError: `Uporabnika ${String(req.params.username)} ni.` });
    await showUser(req, res, target, 200);
  });

  r.post('/admin/users/:username/roles', admin, async (req, res) => {
    const target = await byName(String(req.params.username));
    if (!target) return show(req, res, 404, { actionError: `Uporabnika ${String(req.params.username)} ni.` });
    const roles = list(req.body?.roles).filter((x): x is Role => (ROLES as readonly string[]).includes(x));
    if (roles.length === 0) return showUser(req, res, target, 422, { errors: { roles: 'Izberite vsaj eno vlogo.' }, checkedRoles: [] });
    try {
      await updateUser(ctx.system.db, target.id, { roles }, req.webUser!.username, ctx.system.clock.now());
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
      return showUser(req, res, target, 409, { actionError: 'To je zadnji aktivni skrbnik sistema; najprej dodelite to vlogo komu drugemu.', checkedRoles: roles });
    }
    res.redirect(303, userPage(target.username, 'roles'));
  });

  r.post('/admin/users/:username/password', admin, async (req, res) => {
    const target = await byName(String(req.params.username));
    if (!target) return show(req, res, 404, { actionError: `Uporabnika ${String(req.params.username)} ni.` });
    const password = text(req.body?.password);
    const problem = password ? passwordProblem(password, target.username) : { sl: 'Vpišite novo geslo.' };
    if (problem) return showUser(req, res, target, 422, { errors: { password: problem.sl } });
    await setPassword(ctx.system.db, target.id, password, { actor: req.webUser!.username, now: ctx.system.clock.now(), kind: 'reset' });
    res.redirect(303, userPage(target.username, 'password'));
  });

  r.post('/admin/tokens/:jti/revoke', admin, async (req, res) => {
    const jti = String(req.params.jti);
    const row = await ctx.system.db.read((m) => m.getRepository(ApiTokenEntity).findOneBy({ jti }));
    const owner = row ? await ctx.system.db.read((m) => m.getRepository(UserEntity).findOneBy({ id: row.userId })) : null;
    if (!row || !owner) return show(req, res, 404, { actionError: 'Tega žetona ni.' });
    await revokeToken(ctx.system.db, jti, req.webUser!.username, ctx.system.clock.now());
    res.redirect(303, userPage(owner.username, 'revoked'));
  });
  return r;
}
