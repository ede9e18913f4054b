/** Run `op` repeatedly for about `seconds` (after a short warm-up) and return operations per second. */
export async function perSecond(seconds: number, op: (i: number) => Promise<unknown>, limit = Infinity): Promise<number> {
  for (let i = 0; i < 5; i++) await op(-1 - i);
  const start = process.hrtime.bigint();
  const until = start + BigInt(Math.round(seconds * 1e9));
  let n = 0;
  while (process.hrtime.bigint() < until && n < limit) await op(n++);
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  return round(n / elapsed);
}

export const round = (x: number) => Math.round(x * 10) / 10;

/**
 * Like perSecond, with `concurrency` operations in flight, as a server has with several clients: while
 * one step waits for the database, another can run its engine.
 */
export async function perSecondConcurrent(seconds: number, concurrency: number, op: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 5; i++) await op(-1 - i);
  let next = 0;
  const start = process.hrtime.bigint();
  const until = start + BigInt(Math.round(seconds * 1e9));
  const lane = async () => {
    while (process.hrtime.bigint() < until) await op(next++);
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  return round(next / elapsed);
}
