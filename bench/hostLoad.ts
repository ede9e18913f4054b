// One benchmark server process: starts instances for the given seconds and prints how many per second.
import { openSystem } from '../src/system.js';
import { FakeClock } from '../src/engine/clock.js';
import { HandlerRegistry } from '../src/engine/handlers.js';
import { perSecond } from './measure.js';

const system = await openSystem({ databaseUrl: process.env.DATABASE_URL!, fakeClock: new FakeClock(new Date('2026-03-02T09:00:00Z')), handlers: new HandlerRegistry() });
const seconds = Number(process.env.BENCH_SECONDS ?? '5');
// Wait for the signal so that all processes measure the same interval.
const startAt = Number(process.env.BENCH_START_AT ?? '0');
while (Date.now() < startAt) await new Promise((r) => setTimeout(r, 5));
const rate = await perSecond(seconds, (i) => system.host.start('benchWait', { actor: 'bench', businessKey: `p${process.pid}-${i}`, variables: { dueAt: '2026-04-01T00:00:00Z' } }));
await system.close();
process.stdout.write(JSON.stringify({ rate }) + '\n');
