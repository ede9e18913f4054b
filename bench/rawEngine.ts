import { Engine } from 'bpmn-engine';
import { parseDiagram } from '../src/engine/bpmnSource.js';
import { perSecond } from './measure.js';

/** bpmn-engine alone, in memory, on the same cached definitions the host uses: the ceiling we compare to. */
export async function rawEngine(seconds: number, straightXml: string, waitXml: string) {
  const straight = await parseDiagram(straightXml);
  const wait = await parseDiagram(waitXml);
  const raw_engine_per_s = await perSecond(seconds, async () => {
    const engine = new Engine({ sourceContext: straight.sourceContext } as never);
    await new Promise<void>((resolve, reject) => {
      engine.once('end', () => resolve());
      engine.once('error', reject);
      engine.execute().catch(reject);
    });
  });
  const raw_start_per_s = await perSecond(seconds, async () => {
    const engine = new Engine({ sourceContext: wait.sourceContext, variables: { dueAt: '2030-01-01T00:00:00Z' } } as never);
    await engine.execute();
    await engine.getState();
  });
  return { raw_engine_per_s, raw_start_per_s };
}
