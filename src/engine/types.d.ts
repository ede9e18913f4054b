declare module 'bpmn-moddle' {
  export class BpmnModdle {
    constructor(packages?: Record<string, object>);
    fromXML(xml: string, typeName?: string): Promise<unknown>;
  }
}
declare module 'moddle-context-serializer' {
  export default function serializer(moddleContext: unknown, typeResolver: unknown, extendFn?: unknown): unknown;
  export function TypeResolver(types: Record<string, unknown>, extender?: unknown): unknown;
}
declare module 'bpmn-elements' {
  const anything: Record<string, unknown>;
  export = anything;
}
declare module '@0dep/piso' {
  export class ISOInterval {
    constructor(source: string);
    parse(): { getExpireAt(start: Date, now: Date): Date; repeat?: number };
  }
}
