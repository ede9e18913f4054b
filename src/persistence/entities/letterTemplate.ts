import { EntitySchema } from 'typeorm';

/**
 * One version of a letter template (issue 7 item 4): the seven letters, the layout and its two partials.
 * Versions are immutable and numbered per template; the newest renders new letters. Letters already
 * issued keep their HTML and the `templateVersion` they were rendered with (LetterRow).
 */
export interface LetterTemplateRow {
  id: string;
  /** decision, layout, letterhead, … (src/letters/templatePolicy.ts TEMPLATE_NAMES). */
  name: string;
  version: number;
  /** sha256 of the source (line ends normalised): an unchanged text is no new version. */
  hash: string;
  source: string;
  /** Username, or "system" for a file of views/letters seeded at start. */
  author: string;
  createdAt: Date;
  note: string | null;
  /** A rollback: the older version whose text this one brings back. */
  restoredFrom: number | null;
}

/**
 * Which template versions a letter's `templateVersion` (the hash of the letter template with the layout
 * and partials, as the renderer computes it) stands for: written whenever a combination comes into
 * force, so that every letter can be traced to the versions that rendered it.
 */
export interface LetterTemplateSetRow {
  /** `${kind}:${templateVersion}:${kindVersion}.${layoutVersion}.${letterheadVersion}.${signatureVersion}`. */
  id: string;
  kind: string;
  templateVersion: string;
  kindVersion: number;
  layoutVersion: number;
  letterheadVersion: number;
  signatureVersion: number;
  createdAt: Date;
}

export const LetterTemplateEntity = new EntitySchema<LetterTemplateRow>({
  name: 'LetterTemplate',
  tableName: 'letter_template',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    name: { type: 'varchar', length: 40 },
    version: { type: 'int' },
    hash: { type: 'varchar', length: 64 },
    source: { type: 'text' },
    author: { type: 'varchar', length: 100 },
    createdAt: { type: 'datetime', name: 'created_at', precision: 3 },
    note: { type: 'varchar', length: 1000, nullable: true },
    restoredFrom: { type: 'int', name: 'restored_from', nullable: true },
  },
  indices: [{ name: 'ux_letter_template_version', columns: ['name', 'version'], unique: true }],
});

export const LetterTemplateSetEntity = new EntitySchema<LetterTemplateSetRow>({
  name: 'LetterTemplateSet',
  tableName: 'letter_template_set',
  columns: {
    id: { type: 'varchar', length: 120, primary: true },
    kind: { type: 'varchar', length: 40 },
    templateVersion: { type: 'varchar', length: 64, name: 'template_version' },
    kindVersion: { type: 'int', name: 'kind_version' },
    layoutVersion: { type: 'int', name: 'layout_version' },
    letterheadVersion: { type: 'int', name: 'letterhead_version' },
    signatureVersion: { type: 'int', name: 'signature_version' },
    createdAt: { type: 'datetime', name: 'created_at', precision: 3 },
  },
  indices: [{ name: 'ix_letter_template_set_version', columns: ['templateVersion'] }],
});
