import { expect } from 'chai';
import { freshSystem } from '../../support/system.js';
import { appendAudit, auditHash, verifyAudit } from '../../../src/persistence/audit.js';
import { AuditEventEntity, AuditHeadEntity } from '../../../src/persistence/entities/index.js';
import { canonicalJson } from '../../../src/domain/canonicalJson.js';
import type { System } from '../../../src/system.js';
import { HOSTILE } from '../../support/hostileText.js';

describe('Issue 10 #2: no input can break the audit chain (X2)', function () {
  this.timeout(60_000);
  let sys: System;
  beforeEach(async () => {
    sys = await freshSystem();
  });
  afterEach(async () => sys.close());

  it('hostile text in every field of an event (actor, type, ids, element, data keys and values at any depth) verifies', async () => {
    for (const [name, text] of Object.entries(HOSTILE)) {
      await sys.db.transaction((tx) => appendAudit(tx, sys.db, [{
        at: new Date('2026-03-02T10:00:00.123Z'), actor: text, type: text, instanceId: text, subjectId: text, elementId: text,
        data: { [text]: text, name, nested: { list: [text, { [text]: [text] }], n: 1 } },
      }]));
    }
    const result = await verifyAudit(sys.db);
    expect(result, JSON.stringify(result)).to.include({ ok: true });
  });

  it('stores exactly what was hashed: well-formed, cut by code points to the column, nothing else changed', async () => {
    const rows = await sys.db.transaction((tx) => appendAudit(tx, sys.db, Object.values(HOSTILE).map((text) => ({
      at: new Date('2026-03-02T10:00:00Z'), actor: text, type: 'test.hostile', subjectId: text, data: { text },
    }))));
    const stored = await sys.db.read((m) => m.getRepository(AuditEventEntity).find({ where: rows.map((r) => ({ seq: r.seq })), order: { seq: 'ASC' } }));
    expect(stored.map((r) => [r.actor, r.subjectId, r.data])).to.deep.equal(rows.map((r) => [r.actor, r.subjectId, r.data]));
    const byName = Object.fromEntries(Object.keys(HOSTILE).map((name, i) => [name, stored[i]!]));
    expect(byName.loneHigh!.actor).to.equal('ana\uFFFD');
    expect(byName.emojiAtTheCut!.actor).to.equal('x'.repeat(99) + '😀');
    expect(byName.emojiCutInHalf!.actor).to.equal('x'.repeat(99) + '\uFFFD');
    expect(byName.longEmoji!.actor).to.equal('😀'.repeat(100));
    expect(byName.nul!.actor).to.equal('nul\u0000byte\u0000');
    expect(byName.trailingSpaces!.actor).to.equal('  ana   ');
    // No normalisation: the decomposed and the precomposed é stay as they were sent.
    expect(byName.combining!.actor).to.equal('Zorane\u0301 e\u0301 é');
    expect(JSON.parse(byName.long!.data).text).to.have.length(10_000);
    expect(JSON.parse(byName.loneLow!.data).text).to.equal('\uFFFDana');
  });

  it('a time the databases cannot keep (year 10000, an invalid date) is refused before anything is written', async () => {
    const before = await verifyAudit(sys.db);
    for (const at of [new Date('+010000-01-01T00:00:00Z'), new Date('0999-12-31T23:59:59.999Z'), new Date('nonsense')]) {
      let refused: unknown = null;
      await sys.db.transaction((tx) => appendAudit(tx, sys.db, [{ at, actor: 'ana', type: 'test.time', data: {} }])).catch((err) => (refused = err));
      expect(refused).to.be.instanceOf(RangeError);
    }
    await sys.db.transaction((tx) => appendAudit(tx, sys.db, [{ at: new Date('9999-12-31T23:59:59.999Z'), actor: 'ana', type: 'test.time', data: {} }]));
    expect(await verifyAudit(sys.db)).to.deep.equal({ ok: true, events: before.events + 1 });
  });

  it('a real tampering after hostile events is still found at its seq', async () => {
    for (const text of Object.values(HOSTILE)) {
      await sys.db.transaction((tx) => appendAudit(tx, sys.db, [{ at: new Date(), actor: text, type: 'test.hostile', data: { text } }]));
    }
    const before = await verifyAudit(sys.db);
    expect(before.ok).to.equal(true);
    const victim = before.events - 5;
    await sys.db.transaction((tx) => tx.getRepository(AuditEventEntity).update({ seq: victim }, { actor: 'mallory' }));
    expect(await verifyAudit(sys.db)).to.deep.equal({ ok: false, events: victim, firstBrokenSeq: victim });
  });
});

describe('Issue 10 #2: events written before the fix still verify', () => {
  let sys: System;
  beforeEach(async () => {
    sys = await freshSystem();
  });
  afterEach(async () => sys.close());

  it('an old event whose data held a lone surrogate (stored as a JSON escape) keeps its hash', async () => {
    const head = await sys.db.read((m) => m.getRepository(AuditHeadEntity).findOneByOrFail({ id: 1 }));
    // Written as the old append did: data hashed and stored with the surrogate escaped, not replaced.
    const data = { text: 'old\uD800' };
    const row = { seq: head.lastSeq + 1, at: new Date('2026-01-01T00:00:00Z'), actor: 'ana', type: 'test.old', instanceId: null, subjectId: null, elementId: null };
    const hash = auditHash(head.lastHash, { ...row, data });
    await sys.db.transaction(async (tx) => {
      await tx.getRepository(AuditEventEntity).insert({ ...row, data: canonicalJson(data), prevHash: head.lastHash, hash });
      await tx.getRepository(AuditHeadEntity).update({ id: 1 }, { lastSeq: row.seq, lastHash: hash });
    });
    expect(canonicalJson(data)).to.equal('{"text":"old\\ud800"}');
    expect(await verifyAudit(sys.db)).to.deep.equal({ ok: true, events: row.seq });
  });
});
