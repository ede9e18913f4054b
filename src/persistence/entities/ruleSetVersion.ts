import { EntitySchema } from 'typeorm';

/**
 * One immutable version of a rule set (DESIGN principle 1; issue 7 item 3). Versions are only ever added:
 * a deploy adds one, a rollback adds a copy of an older one. The newest `seq` of a name is in force.
 */
export interface RuleSetVersionRow {
  id: string;
  /** The rule set's name (`refusal-grounds`), as the file name in rules/ and the URL. */
  name: string;
  /** 1, 2, 3… per name, in the order of deployment. */
  seq: number;
  /** The stable version id that evaluations and stored explanations name: the content hash's first 16 hex digits. */
  version: string;
  /** sha256 of the rule set's canonical JSON. */
  hash: string;
  /** The rule set JSON as deployed (formatted for reading). */
  content: string;
  /** Who deployed it: a username, or `system` for a file of rules/ at start-up. */
  author: string;
  createdAt: Date;
  note: string | null;
  /** For a rollback: the seq of the version this one copies. */
  rollbackOf: number | null;
}

export const RuleSetVersionEntity = new EntitySchema<RuleSetVersionRow>({
  name: 'RuleSetVersion',
  tableName: 'rule_set_version',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    name: { type: 'varchar', length: 100 },
    seq: { type: 'int' },
    version: { type: 'varchar', length: 16 },
    hash: { type: 'varchar', length: 64 },
    content: { type: 'text' },
    author: { type: 'varchar', length: 100 },
    createdAt: { type: 'datetime', name: 'created_at', precision: 3 },
    note: { type: 'varchar', length: 1000, nullable: true },
    rollbackOf: { type: 'int', name: 'rollback_of', nullable: true },
  },
  uniques: [{ name: 'uq_rule_set_version_name_seq', columns: ['name', 'seq'] }],
  indices: [{ name: 'ix_rule_set_version_name_hash', columns: ['name', 'hash'] }],
});
