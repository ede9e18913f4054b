// Adds diagram interchange (shapes and edges) to a diagram written without it, so that bpmn-js can draw
// it: node scripts/layout-diagram.mjs processes/src/x.semantic.bpmn processes/x.bpmn
// Legal staff edit the result in the modeler afterwards; this is only for diagrams born as text.
import fs from 'node:fs';
import { layoutProcess } from 'bpmn-auto-layout';

const [from, to] = process.argv.slice(2);
if (!from || !to) {
  console.error('usage: node scripts/layout-diagram.mjs <semantic.bpmn> <out.bpmn>');
  process.exit(2);
}
fs.writeFileSync(to, await layoutProcess(fs.readFileSync(from, 'utf8')));
console.log(`wrote ${to}`);
