import { createHash, randomUUID } from 'node:crypto';
import { SUBJECT_LINES } from './subjectLines.js';
import fs from 'node:fs';
import path from 'node:path';
import type { EntityManager } from 'typeorm';
import { ConflictError } from '../errors.js';
import type { Database } from '../persistence/database.js';
import { appendAudit } from '../persistence/audit.js';
import {
  LetterEntity, LetterTemplateEntity, LetterTemplateSetEntity, type LetterKind, type LetterTemplateRow, type LetterTemplateSetRow,
} from '../persistence/entities/index.js';
import { LETTER_KINDS, TEMPLATE_NAMES, isLetterKind, normaliseSource, type TemplateName } from './templatePolicy.js';

/**
 * Letter templates as versioned data (issue 7 item 4, DESIGN principle 1). The files of views/letters
 * are the seed: at start a file whose text is not stored yet becomes a new version by "system"; after
 * that legal staff save new versions in the editor. Versions are immutable and numbered per template;
 * the newest of each renders new letters. A rollback saves an old text again as the newest version.
 */

/** Where each template's seed file lives under views/letters. */
export const TEMPLATE_FILES: Record<TemplateName, string> = {
  acknowledgement: 'acknowledgement.hbs', remedy_request: 'remedy_request.hbs', dismissal: 'dismissal.hbs', extension_notice: 'extension_notice.hbs',
  decision: 'decision.hbs', clarification_answer: 'clarification_answer.hbs', recipient_notification: 'recipient_notification.hbs',
  layout: 'layout.hbs', letterhead: 'partials/letterhead.hbs', signature: 'partials/signature.hbs',
};

/** How staff call each template. */
export const TEMPLATE_LABELS: Record<TemplateName, string> = {
  acknowledgement: 'Potrdilo o prejemu zahteve',
  remedy_request: 'Poziv k dopolnitvi zahteve',
  dismissal: 'Sklep o zavrženju zahteve',
  extension_notice: 'Obvestilo o podaljšanju roka',
  decision: 'Odločitev o zahtevi',
  clarification_answer: 'Odgovor na zahtevo za pojasnilo',
  recipient_notification: 'Obvestilo o obveščenih uporabnikih',
  layout: 'Postavitev dopisa',
  letterhead: 'Glava dopisa',
  signature: 'Podpis in kontakt',
};

export const SYSTEM_AUTHOR = 'system';

/** sha256 of the text with normalised line ends: the same text is the same version, whatever sent it. */
export const sourceHash = (source: string): string => createHash('sha256').update(normaliseSource(source), 'utf8').digest('hex');

/** The seed files, read once (synchronously: the renderer needs them before the database answers). */
export function readTemplateFiles(dir: string): Record<TemplateName, string> {
  const out = {} as Record<TemplateName, string>;
  for (const name of TEMPLATE_NAMES) out[name] = normaliseSource(fs.readFileSync(path.join(dir, TEMPLATE_FILES[name]), 'utf8'));
  return out;
}

/** The sources a letter is rendered from, with the stored version of each (null: straight from a file). */
export type TemplateSources = Record<TemplateName, { source: string; version: number | null }>;

/**
 * A letter's `templateVersion`: the hash of the layout, its partials and the letter's own template, as
 * it has been since letters were first stored, so that letters rendered from the files before templates
 * became data still name the same version as the seeded templates.
 */
export function letterTemplateVersion(kind: LetterKind, s: TemplateSources): string {
  return createHash('sha256').update(s.layout.source + s.letterhead.source + s.signature.source).update(s[kind].source).digest('hex').slice(0, 16);
}

export type TemplateVersionSummary = Omit<LetterTemplateRow, 'source'>;

export interface DeployOutcome {
  created: boolean;
  row: LetterTemplateRow;
}

const summary = ({ source: _source, ...rest }: LetterTemplateRow): TemplateVersionSummary => rest;

export class LetterTemplateStore {
  constructor(private readonly db: Database) {}

  /**
   * At start: each file whose text is stored under no version of its template becomes the newest
   * version (author "system"), audited like any deploy. Returns the newest version of every template.
   */
  async seed(files: Record<TemplateName, string>, now: Date): Promise<Record<TemplateName, LetterTemplateRow>> {
    return this.db.transaction(async (tx) => {
      const repo = tx.getRepository(LetterTemplateEntity);
      const stored = await repo.find({ select: { id: true, name: true, version: true, hash: true } });
      const added: LetterTemplateRow[] = [];
      for (const name of TEMPLATE_NAMES) {
        const hash = sourceHash(files[name]);
        const mine = stored.filter((r) => r.name === name);
        if (mine.some((r) => r.hash === hash)) continue;
        const row: LetterTemplateRow = {
          id: randomUUID(), name, version: Math.max(0, ...mine.map((r) => r.version)) + 1, hash, source: files[name],
          author: SYSTEM_AUTHOR, createdAt: now, note: `Iz datoteke views/letters/${TEMPLATE_FILES[name]}`, restoredFrom: null,
        };
        await repo.insert(row);
        added.push(row);
      }
      const newest = await this.newestIn(tx);
      if (!newest) throw new Error('letter templates: seeding left a template without a version');
      if (added.length) {
        await this.recordSets(tx, newest, now);
        await appendAudit(tx, this.db, added.map((row) => ({
          at: now, actor: SYSTEM_AUTHOR, type: 'templates.deployed', subjectId: row.id,
          data: { name: row.name, version: row.version, hash: row.hash, note: row.note, restoredFrom: null, seeded: true },
        })));
      }
      return newest;
    });
  }

  /** The newest version of every template, or null while one has none. */
  async newest(): Promise<Record<TemplateName, LetterTemplateRow> | null> {
    return this.db.read((m) => this.newestIn(m));
  }

  private async newestIn(m: EntityManager): Promise<Record<TemplateName, LetterTemplateRow> | null> {
    const maxima = await m.getRepository(LetterTemplateEntity).createQueryBuilder('t')
      .select('t.name', 'name').addSelect('MAX(t.version)', 'version').groupBy('t.name').getRawMany<{ name: string; version: number | string }>();
    if (maxima.length === 0) return null;
    const rows = await m.getRepository(LetterTemplateEntity).find({ where: maxima.map((x) => ({ name: x.name, version: Number(x.version) })) });
    const out = {} as Record<TemplateName, LetterTemplateRow>;
    for (const r of rows) out[r.name as TemplateName] = r;
    return TEMPLATE_NAMES.every((n) => out[n]) ? out : null;
  }

  /** Changes whenever any version is added (versions are never removed): a cheap "is my copy stale?". */
  async stamp(): Promise<number> {
    return this.db.read((m) => m.getRepository(LetterTemplateEntity).count());
  }

  async versions(name: TemplateName): Promise<TemplateVersionSummary[]> {
    const rows = await this.db.read((m) => m.getRepository(LetterTemplateEntity).find({
      select: { id: true, name: true, version: true, hash: true, author: true, createdAt: true, note: true, restoredFrom: true },
      where: { name }, order: { version: 'DESC' },
    }));
    return rows.map((r) => summary({ ...r, source: '' }));
  }

  async version(name: TemplateName, version: number): Promise<LetterTemplateRow | null> {
    return this.db.read((m) => m.getRepository(LetterTemplateEntity).findOneBy({ name, version }));
  }

  /**
   * Store a text as the newest version of a template (the caller has checked the policy). The same text
   * as the newest version is no new version. Audited as `templates.deployed` in the same transaction.
   */
  async deploy(name: TemplateName, source: string, actor: string, note: string | null, now: Date, restoredFrom: number | null = null): Promise<DeployOutcome> {
    const text = normaliseSource(source);
    const hash = sourceHash(text);
    try {
      return await this.db.transaction(async (tx) => {
        const repo = tx.getRepository(LetterTemplateEntity);
        const newest = await this.db.forUpdate(repo.createQueryBuilder('t').where('t.name = :name', { name }).orderBy('t.version', 'DESC')).getOne();
        if (newest && newest.hash === hash) return { created: false, row: newest };
        const row: LetterTemplateRow = {
          id: randomUUID(), name, version: (newest?.version ?? 0) + 1, hash, source: text, author: actor, createdAt: now, note, restoredFrom,
        };
        await repo.insert(row);
        const all = await this.newestIn(tx);
        if (all) await this.recordSets(tx, all, now);
        await appendAudit(tx, this.db, [{
          at: now, actor, type: 'templates.deployed', subjectId: row.id,
          data: { name, version: row.version, hash, note, restoredFrom, previousVersion: newest?.version ?? null },
        }]);
        return { created: true, row };
      });
    } catch (err) {
      // Two saves of one template at once: the unique (name, version) lets one win; the other is told.
      if (/duplicate|unique/i.test(String((err as Error)?.message))) {
        throw new ConflictError(`letter template "${name}" was changed meanwhile; load it again`, 'stale_version', { cause: err });
      }
      throw err;
    }
  }

  /** Write which versions each letter kind's templateVersion stands for, for the combination now in force. */
  private async recordSets(tx: EntityManager, newest: Record<TemplateName, LetterTemplateRow>, now: Date): Promise<void> {
    const sources = Object.fromEntries(TEMPLATE_NAMES.map((n) => [n, { source: newest[n].source, version: newest[n].version }])) as TemplateSources;
    const rows: LetterTemplateSetRow[] = LETTER_KINDS.map((kind) => {
      const templateVersion = letterTemplateVersion(kind, sources);
      const v = [newest[kind].version, newest.layout.version, newest.letterhead.version, newest.signature.version];
      return {
        id: `${kind}:${templateVersion}:${v.join('.')}`, kind, templateVersion,
        kindVersion: v[0]!, layoutVersion: v[1]!, letterheadVersion: v[2]!, signatureVersion: v[3]!, createdAt: now,
      };
    });
    await tx.createQueryBuilder().insert().into(LetterTemplateSetEntity).values(rows).orIgnore().execute();
  }

  /** The template versions behind a letter's templateVersion (more than one only if identical texts were saved again). */
  async resolve(kind: LetterKind, templateVersion: string): Promise<LetterTemplateSetRow[]> {
    return this.db.read((m) => m.getRepository(LetterTemplateSetEntity).find({ where: { kind, templateVersion }, order: { kindVersion: 'ASC' } }));
  }

  /** How many stored letters each version of a template rendered. */
  async letterCounts(name: TemplateName): Promise<Map<number, number>> {
    const column = isLetterKind(name) ? 'kindVersion' : `${name}Version`;
    const rows = await this.db.read((m) => {
      const qb = m.getRepository(LetterEntity).createQueryBuilder('l')
        .innerJoin(LetterTemplateSetEntity.options.name, 's', 's.templateVersion = l.templateVersion AND s.kind = l.kind')
        .select(`s.${column}`, 'version').addSelect('COUNT(DISTINCT l.id)', 'letters').groupBy(`s.${column}`);
      if (isLetterKind(name)) qb.where('l.kind = :name', { name });
      return qb.getRawMany<{ version: number | string; letters: number | string }>();
    });
    return new Map(rows.map((r) => [Number(r.version), Number(r.letters)]));
  }
}

// ------------------------------------------------------------------ the sample case of the preview

export type SampleId = 'post' | 'email';

export const SAMPLES: readonly { id: SampleId; label: string }[] = [
  { id: 'post', label: 'Živa Čuček Šušteršič: zahteva po pošti, delna zavrnitev s pristojbino' },
  { id: 'email', label: 'Matjaž Žagar: zahteva po e-pošti, ugoditev brez pristojbine' },
];

export const isSampleId = (v: unknown): v is SampleId => v === 'post' || v === 'email';


/**
 * A fictitious case shaped like the model issueLetter (src/requests/letters.ts) builds: the preview
 * never shows a real person's data, so the editor needs no access to cases.
 */
export function sampleModel(kind: LetterKind, sample: SampleId = 'post'): Record<string, unknown> {
  const caseNumber = sample === 'post' ? '0072-14/2026' : '0072-27/2026';
  const common = {
    kind, caseNumber, documentNumber: `${caseNumber}-2`, dateText: '5. 3. 2026', subjectLine: `${SUBJECT_LINES[kind]} — zadeva ${caseNumber}`,
    receivedText: '2. 3. 2026', filedText: '2. 3. 2026', decisionDueText: '2. 4. 2026', remedyDueText: '13. 3. 2026', remedyRequestSentText: '5. 3. 2026', remedyRequestDeliveredText: '6. 3. 2026',
    originalDueText: '2. 4. 2026', missing: ['davčna številka ali EMŠO', 'lastnoročni podpis zahteve', 'naslov za vročanje odgovora'],
    extension: { months: 2, monthsText: 'dva meseca', reasons: 'zahteva zajema podatke iz več zbirk in območnih enot; število zahtev v marcu je izjemno veliko.', noticeSentOn: '2026-03-25' },
    clarificationReceivedText: '10. 3. 2026',
    answer: 'Izpis zajema vse podatke o vašem zavarovanju od leta 2015; podatkov o ambulantnih obravnavah Zavod ne vodi, vodi jih vaš izbrani zdravnik.',
    signatory: 'Pooblaščena oseba za varstvo osebnih podatkov',
    ...(kind === 'recipient_notification' ? {
      actionText: 'popravek',
      recipients: [
        { name: 'Zdravstveni dom Ljubljana Šiška', notifiedOn: '2026-03-06', notifiedOnText: '6. 3. 2026' },
        { name: 'Nacionalni inštitut za javno zdravje', notifiedOnText: '', impossibleReason: 'podatki so bili razkriti le v zbirni, anonimizirani obliki' },
      ],
    } : {}),
  };
  if (sample === 'email') {
    return {
      ...common,
      recipient: { name: 'Matjaž Žagar', address: 'Cesta v Šmartno 12, 1000 Ljubljana', email: 'matjaz.zagar@example.si', onBehalfOf: '' },
      subjectName: 'Matjaž Žagar', representativeText: '', rightsText: 'dostop do osebnih podatkov (15. člen Splošne uredbe)', channelText: 'poslano po elektronski pošti',
      outcomeText: 'Zahtevi se ugodi.', refused: false,
      reasoning: 'Posredujemo vam izpis vaših podatkov iz zbirke obveznega zdravstvenega zavarovanja in seznam uporabnikov, ki so jim bili razkriti.',
      groundsText: [], feeText: '',
    };
  }
  return {
    ...common,
    recipient: { name: 'Živa Čuček Šušteršič', address: 'Ščitarjevo 3, 1000 Ljubljana', email: '', onBehalfOf: 'Tina Čuček' },
    subjectName: 'Tina Čuček',
    representativeText: 'Zahtevo ste za posameznika Tina Čuček vložili kot starš (zakoniti zastopnik); odgovor zato pošiljamo vam.',
    rightsText: 'dostop do osebnih podatkov (15. člen Splošne uredbe); popravek ali dopolnitev (16. člen)', channelText: 'poslano po pošti',
    outcomeText: 'Zahtevi se delno ugodi.', refused: true,
    reasoning: 'Iz zbirk Zavoda izhaja, da bi razkritje podatkov razkrilo podatke o zdravljenju mladoletne osebe, katere interes po presoji pooblaščene osebe prevlada nad interesom zakonitega zastopnika.',
    groundsText: ['uresničitev bi prizadela koristi mladoletnih ali drugih zakonsko zaščitenih oseb, ki pretehtajo nad interesom zakonitega zastopnika (pravna podlaga: člen 15(4) Splošne uredbe o varstvu podatkov (GDPR) in 15. člen Navodila)'],
    feeText: 'Za posredovanje zaračunavamo pristojbino v znesku 1,20 EUR (po ceniku: 12 × stran A4, črno-belo po 0,10 EUR), za nadaljnjo kopijo podatkov (člen 15(3) Splošne uredbe o varstvu podatkov). Pristojbino plačajte z univerzalnim plačilnim nalogom (UPN) na račun Zavoda (podatke za plačilo vam sporoči kontaktni center ZZZS), z referenco SI12 20260000140 in namenom »Pristojbina, zadeva 0072-14/2026«. Kopijo vam pošljemo, ko prejmemo plačilo. Če je ne želite več, nam to sporočite; pristojbine tedaj ne boste dolžni plačati.',
  };
}
