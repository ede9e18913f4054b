import { randomUUID } from 'node:crypto';
import { ConflictError } from '../errors.js';
import type { Database } from '../persistence/database.js';
import { appendAudit } from '../persistence/audit.js';
import { RuleSetVersionEntity, type RuleSetVersionRow } from '../persistence/entities/index.js';
import { ruleSetHash, type RuleSet } from './ruleSet.js';

/** The version id evaluations and stored explanations name: the first 16 hex digits of the content hash. */
export const versionOfHash = (hash: string): string => hash.slice(0, 16);

/** A version as the versions list shows it (no content). */
export interface RuleSetVersionInfo {
  name: string;
  seq: number;
  version: string;
  author: string;
  deployedAt: Date;
  note: string | null;
  rollbackOf: number | null;
}

export interface StoredRuleSet extends RuleSetVersionInfo {
  hash: string;
  ruleSet: RuleSet;
}

export interface StoreOutcome {
  /** False when the content equals the newest version: nothing was stored. */
  created: boolean;
  stored: StoredRuleSet;
}

/** The audit event of every new version: a deploy, a rollback, or a changed file of rules/ at start-up. */
export const RULES_DEPLOYED = 'rules.deployed';

const info = (row: RuleSetVersionRow): RuleSetVersionInfo => ({
  name: row.name, seq: row.seq, version: row.version, author: row.author, deployedAt: row.createdAt, note: row.note, rollbackOf: row.rollbackOf,
});

/** The database's entity manager as Database hands it out (rules/ imports no TypeORM itself: DESIGN "Shape"). */
type Manager = Parameters<Parameters<Database['read']>[0]>[0];

const isUniqueViolation = (err: unknown) => /UNIQUE constraint|Duplicate entry|ER_DUP_ENTRY/i.test(String((err as Error)?.message ?? err));

/**
 * Rule-set versions in the database (issue 7 item 3): immutable rows, one per deploy, numbered per name.
 * Parsed rule sets are cached by content hash: a version's content never changes, so its object (and the
 * facts validator compiled for it) is made once per process.
 */
export class RuleSetStore {
  private readonly parsed = new Map<string, RuleSet>();

  constructor(private readonly db: Database, private readonly now: () => Date) {}

  /**
   * The files of rules/ as the seed: a file whose content is not yet any version of its name is stored as
   * the newest (author `system`, note `rules/<name>.json`); a file equal to an older version changes
   * nothing, so a deploy from the editor survives a restart. One transaction, entered at once (before
   * this method's first await), so that nothing queued after it on SQLite can see the old state.
   * `loaded` receives the newest version of every name inside that transaction.
   */
  seed(files: ReadonlyMap<string, RuleSet>, loaded: (newest: StoredRuleSet[], count: number) => void): Promise<StoredRuleSet[]> {
    const attempt = (left: number): Promise<StoredRuleSet[]> => this.seedOnce(files, loaded).catch((err: unknown) => {
      // Two processes starting at once with the same new file: the second finds the first's row on its next try.
      if (left > 0 && isUniqueViolation(err)) return attempt(left - 1);
      throw err;
    });
    return attempt(3);
  }

  private seedOnce(files: ReadonlyMap<string, RuleSet>, loaded: (newest: StoredRuleSet[], count: number) => void): Promise<StoredRuleSet[]> {
    return this.db.transaction(async (tx) => {
      const repo = tx.getRepository(RuleSetVersionEntity);
      const created: RuleSetVersionRow[] = [];
      for (const [name, ruleSet] of files) {
        const hash = ruleSetHash(ruleSet);
        if (await repo.findOne({ where: { name, hash }, select: { id: true } })) continue;
        const newest = await this.db.forUpdate(repo.createQueryBuilder('v').where('v.name = :name', { name }).orderBy('v.seq', 'DESC')).getOne();
        created.push(this.row(ruleSet, hash, (newest?.seq ?? 0) + 1, 'system', `rules/${name}.json`, null));
      }
      if (created.length) {
        await repo.insert(created);
        await appendAudit(tx, this.db, created.map((row) => this.event(row)));
      }
      const newest = await this.newestRows(tx, new Map());
      loaded(newest.map((r) => this.stored(r)), await repo.count());
      return created.map((r) => this.stored(r));
    });
  }

  /**
   * What changed since `known` (name → seq in force here): the number of versions (a cheap counter that
   * every deploy and rollback in any process raises) and the newest version of each name whose seq differs.
   */
  async changedSince(knownCount: number, known: ReadonlyMap<string, number>): Promise<{ count: number; changed: StoredRuleSet[] }> {
    return this.db.read(async (m) => {
      const repo = m.getRepository(RuleSetVersionEntity);
      const count = await repo.count();
      if (count === knownCount) return { count, changed: [] };
      return { count, changed: (await this.newestRows(m, known)).map((r) => this.stored(r)) };
    });
  }

  /** Every version of a rule set, newest first. */
  async versions(name: string): Promise<RuleSetVersionInfo[]> {
    const rows = await this.db.read((m) => m.getRepository(RuleSetVersionEntity).find({
      where: { name }, order: { seq: 'DESC' },
      select: { id: true, name: true, seq: true, version: true, author: true, createdAt: true, note: true, rollbackOf: true },
    }));
    return rows.map(info);
  }

  /** One version by its version id (the newest row carrying it) or by its seq. */
  async find(name: string, ref: string | number): Promise<StoredRuleSet | null> {
    const row = await this.db.read((m) => m.getRepository(RuleSetVersionEntity).findOne({
      where: typeof ref === 'number' ? { name, seq: ref } : { name, version: ref },
      order: { seq: 'DESC' },
    }));
    return row ? this.stored(row) : null;
  }

  /**
   * Store a validated rule set as the newest version of its name, unless it equals the newest (then
   * nothing is stored: `created: false`). Audited as `rules.deployed` in the same transaction.
   */
  async deploy(ruleSet: RuleSet, author: string, note: string | null, rollbackOf: number | null = null): Promise<StoreOutcome> {
    const hash = ruleSetHash(ruleSet);
    try {
      return await this.db.transaction(async (tx) => {
        const repo = tx.getRepository(RuleSetVersionEntity);
        const newest = await this.db.forUpdate(repo.createQueryBuilder('v').where('v.name = :name', { name: ruleSet.name }).orderBy('v.seq', 'DESC')).getOne();
        if (newest && newest.hash === hash) return { created: false, stored: this.stored(newest) };
        const row = this.row(ruleSet, hash, (newest?.seq ?? 0) + 1, author, note, rollbackOf);
        await repo.insert(row);
        await appendAudit(tx, this.db, [this.event(row)]);
        return { created: true, stored: this.stored(row) };
      });
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw new ConflictError(`another version of rule set "${ruleSet.name}" was deployed at the same moment; try again`, 'rule_set_conflict', { cause: err });
      }
      throw err;
    }
  }

  private async newestRows(m: Manager, known: ReadonlyMap<string, number>): Promise<RuleSetVersionRow[]> {
    const repo = m.getRepository(RuleSetVersionEntity);
    const maxima = await repo.createQueryBuilder('v').select('v.name', 'name').addSelect('MAX(v.seq)', 'seq').groupBy('v.name').getRawMany<{ name: string; seq: number | string }>();
    const wanted = maxima.map((m) => ({ name: m.name, seq: Number(m.seq) })).filter((m) => known.get(m.name) !== m.seq);
    if (wanted.length === 0) return [];
    return repo.find({ where: wanted });
  }

  private row(ruleSet: RuleSet, hash: string, seq: number, author: string, note: string | null, rollbackOf: number | null): RuleSetVersionRow {
    return {
      id: randomUUID(), name: ruleSet.name, seq, version: versionOfHash(hash), hash,
      content: JSON.stringify(ruleSet, null, 2), author: author.slice(0, 100), createdAt: this.now(), note: note ? note.slice(0, 1000) : null, rollbackOf,
    };
  }

  private event(row: RuleSetVersionRow) {
    return {
      at: row.createdAt, actor: row.author, type: RULES_DEPLOYED, subjectId: row.id,
      data: { ruleSet: row.name, version: row.version, seq: row.seq, hash: row.hash, note: row.note, ...(row.rollbackOf !== null ? { rollbackOf: row.rollbackOf } : {}) },
    };
  }

  private stored(row: RuleSetVersionRow): StoredRuleSet {
    let ruleSet = this.parsed.get(row.hash);
    if (!ruleSet) {
      ruleSet = JSON.parse(row.content) as RuleSet;
      this.parsed.set(row.hash, ruleSet);
    }
    return { ...info(row), hash: row.hash, ruleSet };
  }
}
