import { ALLOWED_BLOCK_HELPERS, LETTER_KINDS, PARTIAL_NAMES, fieldsFor, isLetterKind, isPartial, issueText, type FieldDoc, type FieldType, type TemplateIssue, type TemplateName } from '../../letters/templatePolicy.js';
import { SAMPLES, TEMPLATE_FILES, TEMPLATE_LABELS, type SampleId, type TemplateVersionSummary } from '../../letters/templates.js';
import type { LetterKind } from '../../persistence/entities/index.js';

/** View models of the template editor (issue 7 item 4): never entities, only what the pages print. */

const TYPE_LABELS: Record<FieldType, string> = { text: 'besedilo', number: 'število', flag: 'da/ne', list: 'seznam', group: 'skupina polj', html: 'HTML' };

export const NOTICES: Record<string, string> = {
  saved: 'Nova različica je shranjena. Novi dopisi jo uporabljajo takoj; že izdani dopisi ostanejo nespremenjeni.',
  restored: 'Starejša različica je shranjena kot nova, najnovejša različica.',
  unchanged: 'Besedilo te različice je enako najnovejši različici; nova različica ni nastala.',
};

export const templateTitle = (name: TemplateName): string => TEMPLATE_LABELS[name];
export const templateFile = (name: TemplateName): string => `views/letters/${TEMPLATE_FILES[name]}`;
export const templateType = (name: TemplateName): string => (isLetterKind(name) ? 'dopis' : isPartial(name) ? 'delna predloga' : 'postavitev');

/** The fields of the letter model, flattened for a table: `recipient.name`, `recipients[].name`. */
export function fieldRows(name: TemplateName): { path: string; type: string; description: string }[] {
  const rows: { path: string; type: string; description: string }[] = [];
  const visit = (f: FieldDoc, prefix: string) => {
    const path = `${prefix}${f.name}`;
    rows.push({ path, type: TYPE_LABELS[f.type], description: f.description });
    for (const sub of f.fields ?? []) visit(sub, f.type === 'list' ? `${path}[].` : `${path}.`);
  };
  for (const f of fieldsFor(name)) visit(f, '');
  return rows;
}

/** What may be written, said once above the editor (strings here: a page template cannot print `{{` easily). */
export function syntaxHelp(name: TemplateName): string[] {
  const lines = [
    'Polje izpišete z {{caseNumber}}, polje skupine z {{recipient.name}}; vse se izpiše ubežano (kot besedilo, ne kot HTML).',
    `Dovoljena bloka: ${ALLOWED_BLOCK_HELPERS.map((h) => `{{#${h} …}} … {{/${h}}}`).join(' in ')} (z {{else}}); v {{#each seznam}} je element {{this}}, zunanje polje {{../caseNumber}}.`,
    'Ni dovoljeno: {{{ … }}} in {{& … }}, drugi pomočniki, <script>, atributi on…=, naslovi javascript: in karkoli z drugih strežnikov (http(s):// v src/href).',
  ];
  if (name === 'layout') lines.push('Postavitev vstavi besedilo dopisa z {{body}} (natanko enkrat); glavo in podpis z {{> letterhead}} in {{> signature}}.');
  else if (!isPartial(name)) lines.push(`Delni predlogi: ${PARTIAL_NAMES.map((p) => `{{> ${p}}}`).join(', ')} (ju že vstavi postavitev).`);
  return lines;
}

export const sampleOptions = (selected: SampleId) => SAMPLES.map((s) => ({ value: s.id, text: s.label, selected: s.id === selected }));

export const kindOptions = (selected: LetterKind) => LETTER_KINDS.map((k) => ({ value: k, text: TEMPLATE_LABELS[k], selected: k === selected }));

export const issueRows = (issues: readonly TemplateIssue[]) => issues.map((i) => ({ line: i.line, column: i.column, text: issueText(i) }));

export function versionRows(name: TemplateName, versions: readonly TemplateVersionSummary[], counts: ReadonlyMap<number, number>) {
  const newest = versions[0]?.version;
  return versions.map((v) => ({
    version: v.version, author: v.author, createdAt: v.createdAt.toISOString(), note: v.note, restoredFrom: v.restoredFrom,
    letters: counts.get(v.version) ?? 0, newest: v.version === newest, system: v.author === 'system',
    href: `/templates/${name}/versions/${v.version}`, load: `/templates/${name}?from=${v.version}`,
  }));
}
