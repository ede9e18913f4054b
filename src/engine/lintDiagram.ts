import { createRequire } from 'node:module';
import { BpmnModdle } from 'bpmn-moddle';
import { moddleOptions, type ModdleElement } from './bpmnSource.js';

const require = createRequire(import.meta.url);
const { Linter } = require('bpmnlint') as { Linter: new (o: object) => { lint(root: unknown): Promise<Record<string, LintReport[]>> } };
const StaticResolver = require('bpmnlint/lib/resolver/static-resolver') as new (cache: Record<string, unknown>) => object;

export interface LintReport {
  id?: string;
  message: string;
  category: 'error' | 'warn' | 'info' | 'rule-error';
}

/**
 * bpmnlint's structural rules. Those that only concern drawing (labels, DI, overlaps) warn rather than
 * refuse: a diagram written by hand or by a test must still deploy, and the modeler shows the warnings.
 */
const config = {
  rules: {
    'conditional-flows': 'error',
    'end-event-required': 'error',
    'start-event-required': 'error',
    'event-based-gateway': 'error',
    'link-event': 'error',
    'no-complex-gateway': 'error',
    'no-disconnected': 'error',
    'no-duplicate-sequence-flows': 'error',
    'no-implicit-split': 'error',
    'no-implicit-end': 'error',
    'no-implicit-start': 'error',
    'single-blank-start-event': 'error',
    'single-event-definition': 'error',
    'sub-process-blank-start-event': 'error',
    'fake-join': 'warn',
    'label-required': 'warn',
    'no-gateway-join-fork': 'warn',
    'no-inclusive-gateway': 'warn',
    'superfluous-gateway': 'warn',
  },
};

// Rules are loaded here, by name, rather than found on disk at lint time: the result does not depend on
// the working directory the server was started from.
const cache: Record<string, unknown> = {};
for (const name of Object.keys(config.rules)) cache[`rule:bpmnlint/${name}`] = require(`bpmnlint/rules/${name}`);

/**
 * Lint a diagram on a parse of its own: the engine's serializer changes the moddle tree it is given, and
 * bpmnlint reads `incoming`/`outgoing`, which hand-written XML often leaves out (bpmn-js writes them).
 */
export async function lintDiagram(xml: string): Promise<{ rule: string; report: LintReport }[]> {
  const { rootElement } = (await new BpmnModdle(moddleOptions).fromXML(xml.trim())) as { rootElement: ModdleElement };
  fillFlowReferences(rootElement);
  // A fresh Linter each time: some rules keep state between runs (no-duplicate-sequence-flows).
  const results = await new Linter({ config, resolver: new StaticResolver(cache) }).lint(rootElement);
  return Object.entries(results).flatMap(([rule, reports]) => reports.map((report) => ({ rule, report })));
}

function fillFlowReferences(root: ModdleElement): void {
  const visit = (container: ModdleElement) => {
    const elements = (container.flowElements as ModdleElement[]) ?? [];
    for (const el of elements) {
      if (el.$type !== 'bpmn:SequenceFlow') continue;
      const source = el.sourceRef as ModdleElement | undefined;
      const target = el.targetRef as ModdleElement | undefined;
      if (source) addOnce(source, 'outgoing', el);
      if (target) addOnce(target, 'incoming', el);
    }
    for (const el of elements) if (el.flowElements) visit(el);
  };
  for (const el of (root.rootElements as ModdleElement[]) ?? []) if (el.$type === 'bpmn:Process') visit(el);
}

function addOnce(node: ModdleElement, key: 'incoming' | 'outgoing', flow: ModdleElement): void {
  const list = ((node[key] as ModdleElement[] | undefined) ??= []);
  if (!list.includes(flow)) list.push(flow);
}
