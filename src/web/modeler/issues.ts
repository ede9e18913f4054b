import { BpmnModdle } from 'bpmn-moddle';
import type { FieldIssue } from '../../errors.js';
import { moddleOptions, type ModdleElement } from '../../engine/bpmnSource.js';

/** An issue of a check as the modeler shows it: on the element (by id), named as the user typed it, in Slovenian. */
export interface ShownIssue {
  /** The element id (the API's `details[].path`), or "definitions" / "note" for the diagram as a whole or the form. */
  path: string;
  /** The element's id when it is one of the diagram's, else null. */
  elementId: string | null;
  elementName: string | null;
  elementType: string | null;
  message: string;
  /** The server's own (English) message, as the API returns it. */
  detail: string;
}

/** Ids and names of every element of a diagram (flows, lanes and participants too), or nothing if it does not parse. */
export async function elementNames(xml: string): Promise<Map<string, { name: string; type: string }>> {
  const out = new Map<string, { name: string; type: string }>();
  try {
    const { elementsById } = (await new BpmnModdle(moddleOptions).fromXML(xml.trim())) as unknown as { elementsById: Record<string, ModdleElement> };
    for (const [id, el] of Object.entries(elementsById)) {
      if (el.$type.startsWith('bpmndi:') || el.$type.startsWith('dc:')) continue;
      out.set(id, { name: typeof el.name === 'string' && el.name.trim() ? el.name : id, type: el.$type });
    }
  } catch {
    /* not XML: the issue itself says so */
  }
  return out;
}

const LINT: Record<string, string> = {
  'conditional-flows': 'tok iz razcepa potrebuje pogoj ali mora biti privzeti',
  'end-event-required': 'proces potrebuje končni dogodek',
  'start-event-required': 'proces potrebuje začetni dogodek',
  'event-based-gateway': 'razcep po dogodku mora voditi le v dogodke, ki čakajo',
  'link-event': 'povezovalni dogodek nima para',
  'no-complex-gateway': 'kompleksni razcep ni dovoljen',
  'no-disconnected': 'element ni povezan s tokom procesa',
  'no-duplicate-sequence-flows': 'dva toka povezujeta isti elementa',
  'no-implicit-split': 'razcep brez razcepnega prehoda: uporabite izključni ali vzporedni razcep',
  'no-implicit-end': 'element nima izhodnega toka: dodajte končni dogodek',
  'no-implicit-start': 'element nima vhodnega toka: dodajte začetni dogodek',
  'single-blank-start-event': 'proces sme imeti le en prazen začetni dogodek',
  'single-event-definition': 'dogodek sme imeti le eno definicijo',
  'sub-process-blank-start-event': 'podproces potrebuje prazen začetni dogodek',
  'fake-join': 'več vhodnih tokov v nalogo: združite jih z razcepom',
  'label-required': 'element nima imena',
  'no-gateway-join-fork': 'razcep hkrati združuje in razcepi tokove',
  'no-inclusive-gateway': 'vključujoči razcep ni priporočljiv',
  'superfluous-gateway': 'razcep z enim vhodom in enim izhodom je odveč',
};

const PATTERNS: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^script tasks are not allowed/, () => 'Skriptne naloge niso dovoljene: uporabite storitveno nalogo z registriranim izvajalcem.'],
  [/^condition "([\s\S]*)" is not allowed/, (m) => `Pogoj »${m[1]}« ni dovoljen: uporabite lahko le sklic na spremenljivko, \${environment.variables.ime}.`],
  [/^service task must name a handler/, () => 'Storitvena naloga mora navesti izvajalca: implementation="${environment.services.<izvajalec>}".'],
  [/^service task names the unknown handler "(.*)"/, (m) => `Storitvena naloga navaja neznanega izvajalca »${m[1]}«.`],
  [/^(\w+) "([\s\S]*)" is not allowed: only plain variable references/, (m) => `Izraz »${m[2]}« v atributu ${m[1]} ni dovoljen: dovoljeni so le sklici na spremenljivke.`],
  [/^timer (\w+) "([\s\S]*)" is not an ISO 8601/, (m) => `Časovnik (${m[1]}) »${m[2]}« ni datum ali trajanje po ISO 8601.`],
  [/^user task has no candidate role/, () => 'Uporabniška naloga nima vloge, ki jo opravi (camunda:candidateGroups).'],
  [/^user task names the unknown role "(.*)"/, (m) => `Uporabniška naloga navaja neznano vlogo »${m[1]}«.`],
  [/^receive task has no message/, () => 'Naloga prejema nima sporočila.'],
  [/^user task has no form: (views\/forms\/\S+) does not exist/, (m) => `Uporabniška naloga nima obrazca: ${m[1]} ne obstaja.`],
  [/^user task names the form "(.*)" \(camunda:formKey\), but (views\/forms\/\S+) does not exist/, (m) => `Uporabniška naloga navaja obrazec »${m[1]}« (camunda:formKey), ki ne obstaja (${m[2]}).`],
  [/^camunda:formKey "(.*)" is not used: the task page opens the form named after the task id, (views\/forms\/\S+)/, (m) => `camunda:formKey »${m[1]}« se ne uporablja: naloga odpre obrazec po svojem id-ju, ${m[2]}.`],
  [/^XML: ([\s\S]*)/, (m) => `Napaka v XML: ${m[1]}`],
  [/^the diagram is not valid BPMN 2\.0 XML: ([\s\S]*)/, (m) => `Diagram ni veljaven BPMN 2.0 XML: ${m[1]}`],
  [/^a diagram must hold exactly one process, found (\d+)/, (m) => `Diagram mora vsebovati natanko en proces (najdenih: ${m[1]}).`],
  [/^([\s\S]*) \(bpmnlint ([a-z0-9/-]+)\)$/, (m) => `${LINT[m[2]!] ? `${LINT[m[2]!]![0]!.toUpperCase()}${LINT[m[2]!]!.slice(1)}.` : m[1]} (bpmnlint ${m[2]})`],
];

/** The server's message in Slovenian; an unknown one stays as it is. */
export function slovenianMessage(message: string): string {
  const own = message.replace(/^<[^>]*>\s*/, '');
  for (const [re, to] of PATTERNS) {
    const m = re.exec(own);
    if (m) return to(m);
  }
  return own;
}

export function showIssues(issues: readonly FieldIssue[], names: Map<string, { name: string; type: string }>): ShownIssue[] {
  return issues.map((i) => {
    const el = names.get(i.path);
    return {
      path: i.path, elementId: el ? i.path : null, elementName: el?.name ?? null, elementType: el?.type ?? null,
      message: slovenianMessage(i.message), detail: i.message,
    };
  });
}
