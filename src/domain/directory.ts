import { z } from 'zod';
import raw from './directory.json' with { type: 'json' };

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const DAY_NAMES: Record<(typeof DAYS)[number], string> = { sun: 'nedelja', mon: 'ponedeljek', tue: 'torek', wed: 'sreda', thu: 'četrtek', fri: 'petek', sat: 'sobota' };

const interval = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, 'interval HH:MM-HH:MM')
  .refine((s) => s.slice(0, 5) < s.slice(6), 'an interval must end after it starts');
const schedule = z.object(Object.fromEntries(DAYS.map((d) => [d, z.array(interval).optional()])) as Record<(typeof DAYS)[number], z.ZodOptional<z.ZodArray<typeof interval>>>)
  .extend({ $comment: z.string().optional() }).strict()
  .superRefine((s, ctx) => {
    for (const d of DAYS) {
      const list = [...(s[d] ?? [])].sort();
      for (let i = 1; i < list.length; i++) if (list[i]!.slice(0, 5) < list[i - 1]!.slice(6)) ctx.addIssue({ code: 'custom', path: [d], message: `overlapping intervals on ${d}` });
    }
  });

export const DirectorySchema = z.object({
  $comment: z.string().optional(),
  organisation: z.object({ name: z.string().min(1), address: z.string().min(1), generalEmail: z.email() }),
  dpo: z.object({ title: z.string().min(1), email: z.email(), unit: z.string().min(1) }),
  contactCentre: z.object({ name: z.string().min(1), phone: z.string().regex(/^[0-9 ]{9,15}$/) }),
  units: z.array(z.object({ code: z.string().regex(/^[A-Z]{2,5}$/), kind: z.enum(['direkcija', 'obmocna_enota', 'podrocna_enota']), name: z.string().min(1), email: z.email() })).min(1),
  officeHours: schedule,
  businessHours: schedule,
}).superRefine((d, ctx) => {
  const codes = new Set<string>();
  for (const [i, u] of d.units.entries()) {
    if (codes.has(u.code)) ctx.addIssue({ code: 'custom', path: ['units', i, 'code'], message: `unit ${u.code} twice` });
    codes.add(u.code);
  }
  if (!codes.has(d.dpo.unit)) ctx.addIssue({ code: 'custom', path: ['dpo', 'unit'], message: `unknown unit ${d.dpo.unit}` });
});
export type Directory = z.infer<typeof DirectorySchema>;

/** Opening intervals per weekday (0 = Sunday), minutes from midnight, Ljubljana time. */
export type WeeklyHours = Record<number, [number, number][]>;

/** Parse and check the directory; a broken data file stops the start with the path of the fault. */
export function parseDirectory(data: unknown): Directory {
  const r = DirectorySchema.safeParse(data);
  if (!r.success) throw new Error(`src/domain/directory.json is invalid: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return r.data;
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export function weeklyHours(s: Directory['officeHours']): WeeklyHours {
  const out: WeeklyHours = {};
  DAYS.forEach((d, i) => {
    const list = s[d] ?? [];
    if (list.length) out[i] = list.map((iv) => [minutes(iv.slice(0, 5)), minutes(iv.slice(6))]);
  });
  return out;
}

/** "ponedeljek 8.00–12.00 in 13.00–15.00, …; četrtek: ni" — the schedule as letters and pages print it. */
export function hoursText(s: Directory['officeHours']): string {
  const t = (hhmm: string) => `${Number(hhmm.slice(0, 2))}.${hhmm.slice(3, 5)}`;
  return DAYS.filter((d) => s[d] !== undefined).map((d) => {
    const list = s[d]!;
    return `${DAY_NAMES[d]} ${list.length ? list.map((iv) => `${t(iv.slice(0, 5))}–${t(iv.slice(6))}`).join(' in ') : 'zaprto'}`;
  }).join(', ');
}

export const DIRECTORY: Directory = parseDirectory(raw);
/** Every mailbox at which an e-mail request may arrive (art. 2, S1.2): the DPO's and every unit's, and gp@. */
export const MAILBOXES: readonly string[] = [DIRECTORY.dpo.email, ...DIRECTORY.units.map((u) => u.email), DIRECTORY.organisation.generalEmail];
