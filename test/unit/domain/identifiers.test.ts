import { expect } from 'chai';
import { emsoBirthDate, emsoSex, validateEmso, validateTaxNumber, si12Reference, validateUpnReference, validateZzzsNumber } from '../../../src/domain/identifiers.js';

const reason = (r: { ok: boolean; reason?: string }) => (r.ok ? 'ok' : r.reason);

describe('S2.1 domain/identifiers: check digits of the unique identifiers', () => {
  describe('EMŠO', () => {
    it('accepts the worked example of docs/domain.md and reads its date and sex', () => {
      expect(validateEmso('0101006500006')).to.deep.equal({ ok: true });
      expect(emsoBirthDate('0101006500006')).to.equal('2006-01-01');
      expect(emsoSex('0101006500006')).to.equal('M');
      expect(emsoSex('0101990505006')).to.equal('F');
    });
    it('refuses the illustrative EMŠO of docs/api.md: its check digit should be 5, not 6', () => {
      // 0·7+1·6+0·5+1·4+9·3+9·2+0·7+5·6+0·5+5·4+0·3+0·2 = 105; 105 mod 11 = 6; K = 11 − 6 = 5
      expect(validateEmso('0101990505006').ok).to.equal(false);
      expect(validateEmso('0101990505005').ok).to.equal(true);
    });
    it('accepts every register code, foreigners (00–09) included', () => {
      expect(validateEmso(withCheck('010199001000')).ok).to.equal(true);
      expect(validateEmso(withCheck('010199059000')).ok).to.equal(true);
    });
    it('refuses a wrong length, a non-date and a wrong check digit, each with its reason', () => {
      expect(reason(validateEmso('010100650000'))).to.equal('EMŠO mora imeti 13 števk.');
      expect(reason(validateEmso('3102990505006'))).to.equal('Prvih sedem števk EMŠO ni veljaven datum rojstva.');
      expect(reason(validateEmso('0101006500007'))).to.equal('Kontrolna številka EMŠO ni pravilna.');
    });
    it('refuses a remainder of 1 by default, and accepts it with K = 0 when configured (docs/domain.md)', () => {
      const r1 = findRemainderOne();
      expect(validateEmso(r1).ok).to.equal(false);
      expect(validateEmso(r1, { rejectRemainderOne: false }).ok).to.equal(true);
    });
    it('29 February is a date only in leap years', () => {
      expect(reason(validateEmso(withCheck('290299050500')))).to.equal('Prvih sedem števk EMŠO ni veljaven datum rojstva.');
      expect(validateEmso(withCheck('290200050500')).ok).to.equal(true);
    });
  });

  describe('davčna številka', () => {
    it('accepts the worked example and a number whose remainder is 1 (K = 0)', () => {
      expect(validateTaxNumber('50223054').ok).to.equal(true);
      expect(validateTaxNumber('22111310').ok).to.equal(true);
    });
    it('refuses remainder 0, a leading 0, a wrong length and a wrong digit', () => {
      expect(reason(validateTaxNumber('22241310'))).to.equal('Kontrolna številka davčne številke ni pravilna.');
      expect(reason(validateTaxNumber('05022305'))).to.equal('Davčna številka se ne začne z 0.');
      expect(reason(validateTaxNumber('5022305'))).to.equal('Davčna številka mora imeti 8 števk.');
      expect(validateTaxNumber('50223055').ok).to.equal(false);
    });
  });

  describe('ZZZS number', () => {
    it('is 9 digits and may start with 0 (no public check digit)', () => {
      expect(validateZzzsNumber('032822732').ok).to.equal(true);
      expect(reason(validateZzzsNumber('32822732'))).to.equal('Številka ZZZS mora imeti 9 števk.');
      expect(validateZzzsNumber('03282273A').ok).to.equal(false);
    });
  });

  describe('UPN reference', () => {
    it('an SI12 reference is generated with the check digit that validation accepts (docs/domain.md example)', () => {
      expect(si12Reference('2026000123')).to.equal('SI12 20260001236');
      for (const base of ['1', '2026000001', '2027000999', '9999999999']) expect(validateUpnReference(si12Reference(base)).ok, base).to.equal(true);
      expect(() => si12Reference('12a')).to.throw();
    });

    it('SI12 with its mod-11 check digit (docs/domain.md example)', () => {
      expect(validateUpnReference('SI12 20260001236').ok).to.equal(true);
      expect(reason(validateUpnReference('SI12 20260001235'))).to.equal('Kontrolna številka reference SI12 ni pravilna.');
      expect(validateUpnReference('SI12 2026-0001236').ok).to.equal(false);
    });
    it('SI00 in up to three parts without a check', () => {
      expect(validateUpnReference('SI00 123-456-789').ok).to.equal(true);
      expect(validateUpnReference('SI00 1-2-3-4').ok).to.equal(false);
      expect(validateUpnReference('SI00 123456789012345678901').ok).to.equal(false);
    });
    it('RF ISO 11649 (docs/domain.md example)', () => {
      expect(validateUpnReference('RF18 5390 0754 7034').ok).to.equal(true);
      expect(validateUpnReference('RF19 5390 0754 7034').ok).to.equal(false);
    });
    it('refuses other models and other prefixes', () => {
      expect(validateUpnReference('SI99 1234').ok).to.equal(false);
      expect(validateUpnReference('HR00 1234').ok).to.equal(false);
    });
  });
});

const WEIGHTS = [7, 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
function remainder(first12: string): number {
  return WEIGHTS.reduce((s, w, i) => s + w * Number(first12[i]), 0) % 11;
}
function withCheck(first12: string): string {
  const r = remainder(first12);
  return first12 + String(r === 0 ? 0 : (11 - r) % 10);
}
/** An EMŠO whose weighted sum leaves remainder 1: no check digit can be right for it. */
function findRemainderOne(): string {
  for (let serial = 0; serial < 1000; serial++) {
    const f = `01019905${String(serial).padStart(3, '0')}`.padEnd(12, '0');
    if (remainder(f) === 1) return f + '0';
  }
  throw new Error('no EMŠO with remainder 1 in range');
}
