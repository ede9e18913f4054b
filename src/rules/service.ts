import { NotFoundError } from '../errors.js';
import type { Database } from '../persistence/database.js';
import { evaluateRuleSet, type Evaluation } from './evaluate.js';
import { ruleSetHash, type RuleSet } from './ruleSet.js';
import { RuleSetStore, versionOfHash, type RuleSetVersionInfo, type StoredRuleSet, type StoreOutcome } from './store.js';
import { parseRuleSet } from './validate.js';

export class UnknownRuleSetError extends Error {}

/** A rule set in force: its content, its version id (content hash prefix) and, once stored, who deployed it when. */
export interface RuleSetEntry {
  ruleSet: RuleSet;
  version: string;
  hash: string;
  /** The version's number within its name; null while only the file of rules/ is known (before `connect`). */
  seq: number | null;
  author: string | null;
  deployedAt: Date | null;
  note: string | null;
}

export interface RuleServiceOptions {
  /** How often (at most) an evaluation asks the database whether another process deployed a version; default 1000 ms. */
  checkIntervalMs?: number;
  log?: (message: string) => void;
}

const entryOf = (s: StoredRuleSet): RuleSetEntry => ({ ruleSet: s.ruleSet, version: s.version, hash: s.hash, seq: s.seq, author: s.author, deployedAt: s.deployedAt, note: s.note });

/**
 * The rule sets in force, each with its version id; every evaluation names the version it used.
 *
 * Without a database (unit tests, tools) the files of rules/ are in force. `connect(db)` makes rule sets
 * versioned data (issue 7 item 3): the files become the seed of the database, and the newest stored
 * version of each name is in force. Evaluations never wait for the database: they use the cache, which a
 * deploy or rollback in this process updates at once, and which is compared with the database's version
 * counter in the background at most once per `checkIntervalMs`, so a deploy in another process takes
 * effect here within about a second. (An evaluation runs inside a step's transaction; on SQLite a read
 * awaited there would wait for that very transaction.)
 */
export class RuleService {
  private readonly sets = new Map<string, RuleSetEntry>();
  private readonly checkIntervalMs: number;
  private readonly log: (message: string) => void;
  private store: RuleSetStore | null = null;
  private db: Database | null = null;
  private ready: Promise<void> = Promise.resolve();
  private seeded = false;
  private count = -1;
  private checkedAt = 0;
  private checking: Promise<void> | null = null;

  constructor(private readonly files: ReadonlyMap<string, RuleSet>, options: RuleServiceOptions = {}) {
    this.checkIntervalMs = options.checkIntervalMs ?? 1000;
    this.log = options.log ?? ((m) => console.error(m));
    for (const [name, rs] of files) {
      const hash = ruleSetHash(rs);
      this.sets.set(name, { ruleSet: rs, version: versionOfHash(hash), hash, seq: null, author: null, deployedAt: null, note: null });
    }
  }

  names(): string[] {
    return [...this.sets.keys()].sort();
  }

  get(name: string): RuleSetEntry | undefined {
    this.maybeCheck();
    return this.sets.get(name);
  }

  async evaluate(name: string, facts: Record<string, unknown>, explain = true): Promise<Evaluation> {
    this.maybeCheck();
    const entry = this.sets.get(name);
    if (!entry) throw new UnknownRuleSetError(`no rule set named "${name}"`);
    return evaluateRuleSet(entry.ruleSet, facts, { explain, version: entry.version });
  }

  /**
   * Keep the rule sets in this database (idempotent). The seed transaction is entered before this
   * returns, so every transaction queued later on SQLite already sees the stored versions.
   */
  connect(db: Database, now: () => Date = () => new Date()): Promise<void> {
    if (this.db === db) return this.ready;
    if (this.db) throw new Error('the rule service is already connected to another database');
    this.db = db;
    const store = new RuleSetStore(db, now);
    this.store = store;
    this.ready = store.seed(this.files, (newest, count) => {
      this.apply(newest);
      this.count = count;
      this.checkedAt = Date.now();
    }).then(() => {
      this.seeded = true;
    });
    this.ready.catch((err: Error) => this.log(`rule sets: storing rules/ in the database failed: ${err.stack ?? err.message}`));
    return this.ready;
  }

  get connected(): boolean {
    return this.store !== null;
  }

  /** Bring the rule sets in force up to date with the database now (for reads outside a transaction). */
  async refresh(): Promise<void> {
    if (!this.store) return;
    await this.ready;
    await this.check();
  }

  /** Every version of a rule set, newest first. */
  async versions(name: string): Promise<RuleSetVersionInfo[]> {
    this.known(name);
    await this.ready;
    return this.requireStore().versions(name);
  }

  /** One stored version by its version id or seq; null if there is none. */
  async version(name: string, ref: string | number): Promise<StoredRuleSet | null> {
    this.known(name);
    await this.ready;
    return this.requireStore().find(name, ref);
  }

  /**
   * Deploy a rule set: the same checks as at start-up (shape, facts schema, known facts and operators, every
   * saved test case passes; RuleSetInvalidError with details otherwise, and nothing is stored), then the
   * newest version unless the content is unchanged. New rule sets are not created here: the name must exist.
   */
  async deploy(name: string, json: unknown, author: string, note: string | null): Promise<StoreOutcome> {
    this.known(name);
    await this.ready;
    const ruleSet = await parseRuleSet(json, name);
    const out = await this.requireStore().deploy(ruleSet, author, note);
    this.apply([out.stored]);
    return out;
  }

  /** Make a copy of an older version the newest (checked again like a deploy); unchanged if it already is in force. */
  async rollback(name: string, ref: string | number, author: string, note: string | null): Promise<StoreOutcome & { target: StoredRuleSet }> {
    this.known(name);
    await this.ready;
    const target = await this.requireStore().find(name, ref);
    if (!target) throw new NotFoundError(`rule set "${name}" has no version ${JSON.stringify(ref)}`);
    const ruleSet = await parseRuleSet(target.ruleSet, name);
    const out = await this.requireStore().deploy(ruleSet, author, note ?? `vrnitev na različico ${target.seq} (${target.version})`, target.seq);
    this.apply([out.stored]);
    return { ...out, target };
  }

  /** The background comparison with the database, if one is running (tests wait for it). */
  async settled(): Promise<void> {
    await this.checking;
  }

  private known(name: string): void {
    if (!this.sets.has(name)) throw new UnknownRuleSetError(`no rule set named "${name}"`);
  }

  private requireStore(): RuleSetStore {
    if (!this.store) throw new Error('rule sets are not connected to the database (RuleService.connect)');
    return this.store;
  }

  private maybeCheck(): void {
    if (!this.store || !this.seeded || this.checking) return;
    if (Date.now() - this.checkedAt < this.checkIntervalMs) return;
    // Detached: it may start inside a step's transaction, which must not wait for it (nor it be refused as nested).
    this.db!.detached(() => this.check()).catch((err: Error) => this.log(`rule sets: checking for new versions failed: ${err.message}`));
  }

  private check(): Promise<void> {
    if (this.checking) return this.checking;
    const store = this.requireStore();
    this.checkedAt = Date.now();
    const known = new Map([...this.sets].flatMap(([name, e]) => (e.seq === null ? [] : [[name, e.seq] as const])));
    this.checking = store.changedSince(this.count, known).then(({ count, changed }) => {
      this.apply(changed);
      this.count = count;
    }).finally(() => {
      this.checking = null;
    });
    return this.checking;
  }

  /** Newer versions replace older ones; an older snapshot arriving late never undoes a newer deploy. */
  private apply(versions: readonly StoredRuleSet[]): void {
    for (const v of versions) {
      const current = this.sets.get(v.name);
      if (current && current.seq !== null && current.seq >= v.seq) continue;
      this.sets.set(v.name, entryOf(v));
    }
  }
}
