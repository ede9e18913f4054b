import { expect } from 'chai';
import { evaluateRuleSet } from '../../../src/rules/evaluate.js';
import { bothSides, ruleSet } from './support.js';

const types = async (facts: Record<string, unknown>) => (await evaluateRuleSet(await ruleSet('identity-sufficiency'), facts)).events.map((e) => e.type);

describe('N7.1 N7.2 S2.1 S2.2 rules/identity-sufficiency', () => {
  it('N7.1 post: an ID document seen, in person, or a match with our records; otherwise insufficient', async () => {
    const rs = await ruleSet('identity-sufficiency');
    for (const evidence of ['idDocumentSeen', 'inPerson', 'recordsMatch']) {
      await bothSides(rs, 'pošta: dokument, osebno ali ujemanje z evidencami', { channel: 'post', [evidence]: true }, [{ channel: 'email' }, { [evidence]: false }]);
    }
    await bothSides(rs, 'pošta: ni dokazila', { channel: 'post' }, [{ channel: 'in_person' }, { idDocumentSeen: true }, { inPerson: true }, { recordsMatch: true }]);
  });

  it('N7.1 in person: an ID document seen', async () => {
    const rs = await ruleSet('identity-sufficiency');
    await bothSides(rs, 'osebno: vpogled v dokument', { channel: 'in_person', idDocumentSeen: true }, [{ channel: 'post' }, { idDocumentSeen: false }]);
    await bothSides(rs, 'osebno: vpogled v dokument', { channel: 'in_person', inPerson: true }, [{ inPerson: false }]);
    await bothSides(rs, 'osebno: brez vpogleda', { channel: 'in_person' }, [{ channel: 'email' }, { idDocumentSeen: true }, { inPerson: true }]);
  });

  it('N7.2 e-mail: qualified signature, paper or in-person confirmation, personal delivery, or an ID seen', async () => {
    const rs = await ruleSet('identity-sufficiency');
    for (const evidence of ['qualifiedSignature', 'paperConfirmation', 'inPerson', 'personalDeliveryToOfficialAddress', 'idDocumentSeen']) {
      await bothSides(rs, 'e-pošta: način po drugem odstavku 7. člena', { channel: 'email', [evidence]: true }, [{ channel: 'post' }, { [evidence]: false }]);
    }
    await bothSides(rs, 'e-pošta: brez načina po 7. členu', { channel: 'email', recordsMatch: true }, [
      { channel: 'post' }, { qualifiedSignature: true }, { paperConfirmation: true }, { inPerson: true }, { personalDeliveryToOfficialAddress: true }, { idDocumentSeen: true },
    ]);
    expect(await types({ channel: 'email', recordsMatch: true })).to.deep.equal(['identity-insufficient']);
  });

  it('S2.1 phone: one unique identifier and one a stranger would not know', async () => {
    const rs = await ruleSet('identity-sufficiency');
    const base = { channel: 'phone', uniqueIdentifiersMatched: 1, secretIdentifiersMatched: 1 };
    await bothSides(rs, 'telefon: enolični in zaupni identifikator', base, [
      { channel: 'post' }, { healthRelated: true }, { suspicion: true }, { uniqueIdentifiersMatched: 0 }, { secretIdentifiersMatched: 0 },
    ]);
    await bothSides(rs, 'telefon: premalo identifikatorjev', { channel: 'phone', uniqueIdentifiersMatched: 2, secretIdentifiersMatched: 0 }, [
      { channel: 'email' }, { healthRelated: true }, { suspicion: true }, { secretIdentifiersMatched: 1 },
    ]);
    await bothSides(rs, 'telefon: premalo identifikatorjev', { channel: 'phone', uniqueIdentifiersMatched: 0, secretIdentifiersMatched: 3 }, [{ uniqueIdentifiersMatched: 1 }]);
  });

  it('S2.2 phone: a case that may reveal health, or a suspicion, needs two secret identifiers', async () => {
    const rs = await ruleSet('identity-sufficiency');
    for (const trigger of ['healthRelated', 'suspicion']) {
      const base = { channel: 'phone', [trigger]: true, uniqueIdentifiersMatched: 1, secretIdentifiersMatched: 2 };
      await bothSides(rs, 'telefon: zdravstveno stanje ali sum, dovolj identifikatorjev', base, [
        { channel: 'post' }, { [trigger]: false }, { uniqueIdentifiersMatched: 0 }, { secretIdentifiersMatched: 1 },
      ]);
      await bothSides(rs, 'telefon: zdravstveno stanje ali sum, premalo identifikatorjev', { ...base, secretIdentifiersMatched: 1 }, [
        { channel: 'email' }, { [trigger]: false }, { secretIdentifiersMatched: 2 },
      ]);
    }
    const e = await evaluateRuleSet(await ruleSet('identity-sufficiency'), { channel: 'phone', healthRelated: true, uniqueIdentifiersMatched: 1, secretIdentifiersMatched: 1 });
    expect(e.events).to.have.length(1);
    expect(e.events[0]!.params.required).to.equal(3);
  });

  it('every channel and every evidence gives exactly one verdict', async () => {
    for (const channel of ['post', 'in_person', 'email']) {
      for (const ev of [{}, { idDocumentSeen: true }, { qualifiedSignature: true }, { recordsMatch: true }, { paperConfirmation: true }]) {
        expect(await types({ channel, ...ev }), `${channel} ${JSON.stringify(ev)}`).to.have.length(1);
      }
    }
    for (let u = 0; u <= 2; u++) for (let s = 0; s <= 3; s++) for (const health of [false, true]) {
      expect(await types({ channel: 'phone', uniqueIdentifiersMatched: u, secretIdentifiersMatched: s, healthRelated: health })).to.have.length(1);
    }
  });
});
