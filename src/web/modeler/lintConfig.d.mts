/** See lintConfig.mjs: the server's bpmnlint rules, read from src/engine/lintDiagram.ts, for the browser bundle. */
export function serverLintRules(root: string): Record<string, string>;
export function lintConfigModule(rules: Record<string, string>): string;
