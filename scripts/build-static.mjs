#!/usr/bin/env node
// Bundles the browser scripts of the staff application (bpmn-js and src/web/client/*.js) with esbuild into
// dist/static (not committed: dist/ is in .gitignore), which src/web/index.ts serves at /static/bundle.
// Run by `npm run build` (so by `npm start`) and by `npm run test:e2e`; `npm test` does not need it, and
// the pages say so when it is missing. Nothing is fetched from a CDN at run time (CSP: scripts from 'self').
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { lintConfigModule, serverLintRules } from '../src/web/modeler/lintConfig.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist', 'static');

fs.rmSync(outdir, { recursive: true, force: true });

// The modeler lints in the browser with the server's own bpmnlint rules (src/engine/lintDiagram.ts), bundled
// by name as the server's StaticResolver holds them: `import lintConfig from 'virtual:bpmnlint-config'`.
const lintRules = serverLintRules(root);
const bpmnlintConfig = {
  name: 'bpmnlint-config',
  setup(build) {
    build.onResolve({ filter: /^virtual:bpmnlint-config$/ }, () => ({ path: 'bpmnlint-config', namespace: 'bpmnlint-config' }));
    build.onLoad({ filter: /.*/, namespace: 'bpmnlint-config' }, () => ({ contents: lintConfigModule(lintRules), loader: 'js', resolveDir: root }));
  },
};
const result = await esbuild.build({
  absWorkingDir: root,
  entryPoints: { trace: 'src/web/client/trace.js', modeler: 'src/web/client/modeler.js' },
  plugins: [bpmnlintConfig],
  outdir,
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: ['chrome109', 'firefox115', 'safari16', 'edge109'],
  minify: true,
  // bpmn-js and its dependencies carry licence headers; they go to a file beside the bundle.
  legalComments: 'linked',
  // Fonts and images a stylesheet references (the modeler's bpmn-font) are copied, not inlined.
  loader: { '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.eot': 'file', '.svg': 'file' },
  define: { 'process.env.NODE_ENV': '"production"' },
  metafile: true,
  logLevel: 'warning',
});

const sizes = Object.entries(result.metafile.outputs)
  .map(([file, o]) => `${path.relative(root, file)} ${(o.bytes / 1024).toFixed(1)} KiB`);
console.log(`build-static: ${sizes.join(', ')}`);
