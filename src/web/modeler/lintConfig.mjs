// The bpmnlint rules of the server (src/engine/lintDiagram.ts) for the browser modeler: scripts/build-static.mjs
// turns them into a module that bpmn-js-bpmnlint lints with while the diagram is edited, so the editor warns of
// exactly what a save refuses. lintDiagram.ts does not export its config, so it is read from its source here;
// a change of that file's shape fails the build (and test/feature/web/modeler.test.ts compares both linters).
import fs from 'node:fs';
import path from 'node:path';

const LEVELS = new Set(['error', 'warn', 'info', 'off']);

/**
 * The `rules` of `const config = { rules: { ... } }` in src/engine/lintDiagram.ts.
 * @param {string} root the project's root folder
 * @returns {Record<string, string>}
 */
export function serverLintRules(root) {
  const file = path.join(root, 'src', 'engine', 'lintDiagram.ts');
  const source = fs.readFileSync(file, 'utf8');
  const block = /const config = \{\s*rules: \{([^}]*)\},?\s*\};/.exec(source);
  if (!block) throw new Error(`${file}: no "const config = { rules: { ... } };" found; update src/web/modeler/lintConfig.mjs`);
  /** @type {Record<string, string>} */
  const rules = {};
  for (const line of block[1].split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('//'))) {
    const m = /^'([a-z0-9-]+)':\s*'([a-z]+)',?$/.exec(line);
    if (!m || !LEVELS.has(m[2])) throw new Error(`${file}: cannot read the lint rule line "${line}"; update src/web/modeler/lintConfig.mjs`);
    rules[m[1]] = m[2];
  }
  if (!Object.keys(rules).length) throw new Error(`${file}: the lint config names no rules`);
  return rules;
}

/**
 * ES module source exporting `{ config, resolver }` as bpmn-js-bpmnlint's `linting.bpmnlint` option takes it:
 * the rules bundled by name, as the server's StaticResolver holds them.
 * @param {Record<string, string>} rules
 * @returns {string}
 */
export function lintConfigModule(rules) {
  const names = Object.keys(rules);
  const imports = names.map((name, i) => `import rule${i} from ${JSON.stringify(`bpmnlint/rules/${name}`)};`);
  const cache = names.map((name, i) => `  ${JSON.stringify(`rule:bpmnlint/${name}`)}: rule${i},`);
  return [
    ...imports,
    'const cache = {',
    ...cache,
    '};',
    `export const config = { rules: ${JSON.stringify(rules)} };`,
    'export const resolver = {',
    '  resolveRule(pkg, name) { const r = cache[`rule:${pkg}/${name}`]; if (!r) throw new Error(`unknown rule <${pkg}/${name}>`); return r; },',
    '  resolveConfig(pkg, name) { throw new Error(`unknown config <${pkg}/${name}>`); },',
    '};',
    'export default { config, resolver };',
    '',
  ].join('\n');
}
