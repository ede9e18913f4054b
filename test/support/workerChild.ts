// A second (third…) server process that only runs the job worker once and reports what it fired.
import { openSystem } from '../../src/system.js';
import { FakeClock } from '../../src/engine/clock.js';
import { testHandlers } from './system.js';

const system = await openSystem({
  databaseUrl: process.env.DATABASE_URL!,
  fakeClock: new FakeClock(new Date(process.env.DSR_TEST_NOW!)),
  handlers: testHandlers(),
  workerId: process.env.DSR_WORKER_ID,
});
const report = await system.worker.runDue();
await system.close();
process.stdout.write(JSON.stringify(report) + '\n');
