import { expect } from 'chai';
import { resetDatabase, testDatabaseUrl, freshSystem } from '../../support/system.js';
import { killHard, startServerChild, type ServerChild } from '../../support/serverProcess.js';
import { createUser } from '../../../src/http/auth/users.js';
import { AuditEventEntity, SignInThrottleEntity } from '../../../src/persistence/entities/index.js';

const PASSWORD = 'correct horse battery staple';

describe('Issue 10 #5: two server processes on one database share the sign-in lockout', function () {
  this.timeout(180_000);
  const children: ServerChild[] = [];
  after(async () => {
    for (const c of children) await killHard(c.child);
  });

  it('Issue 10 #5: 12 parallel wrong guesses split over two processes: each is counted once (no lost update), the right password is then refused by both', async () => {
    const url = testDatabaseUrl();
    await resetDatabase(url);
    const setup = await freshSystem({ databaseUrl: url });
    await createUser(setup.db, { username: 'ana.novak', password: PASSWORD, roles: ['dpo'] }, 'test', new Date());
    await setup.close();

    const env = { DATABASE_URL: url, DSR_TOKEN_SECRET: 'a-test-secret-that-is-long-enough-for-hs256' };
    // Keep whichever started, so that `after` stops it even when the other did not.
    const started = await Promise.allSettled([startServerChild(env), startServerChild(env)]);
    for (const s of started) if (s.status === 'fulfilled') children.push(s.value);
    for (const s of started) if (s.status === 'rejected') throw s.reason;
    const signIn = (i: number, password: string) => fetch(`${children[i % 2]!.baseUrl}/api/v1/auth/token`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': `198.51.100.${i + 1}` },
      body: JSON.stringify({ username: 'ana.novak', password }),
    }).then((r) => r.status);

    const statuses = await Promise.all(Array.from({ length: 12 }, (_, i) => signIn(i, `narobe-${i}`)));
    expect(statuses.filter((s) => s !== 401 && s !== 429)).to.deep.equal([]);

    const check = await freshSystem({ databaseUrl: url });
    try {
      const failed = await check.db.read((m) => m.getRepository(AuditEventEntity).countBy({ type: 'security.sign_in_failed', actor: 'ana.novak' }));
      const locked = await check.db.read((m) => m.getRepository(AuditEventEntity).countBy({ type: 'security.sign_in_locked', actor: 'ana.novak' }));
      const row = await check.db.read((m) => m.getRepository(SignInThrottleEntity).findOneBy({ username: 'ana.novak' }));
      // Every guess was either counted or refused as locked; the count is exactly the counted ones
      expect(failed + locked).to.equal(12);
      expect(row!.failures).to.equal(failed);
      expect(failed).to.be.at.least(5);
      expect(row!.lockedUntil).to.be.greaterThan(Date.now());
    } finally {
      await check.close();
    }
    expect(await signIn(0, PASSWORD)).to.equal(429);
    expect(await signIn(1, PASSWORD)).to.equal(429);
  });
});
