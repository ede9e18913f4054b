import { expect } from 'chai';
import * as d from '../../../src/domain/deadlines.js';

describe('domain/deadlines: the named time limits of the instruction', () => {
  it('N6.1 the request for remedy within 5 working days of receipt', () => {
    expect(d.remedyRequestBy('2026-04-30').due).to.equal('2026-05-08');
    // 25 Dec and 1 Jan are work-free: 28, 29, 30, 31 Dec, 4 Jan
    expect(d.remedyRequestBy('2026-12-24').due).to.equal('2027-01-04');
  });
  it('N6.2 the remedy time limit is at least 5 working days from receipt of the request for remedy', () => {
    expect(d.minimumRemedyDue('2026-03-02').due).to.equal('2026-03-09');
    expect(d.defaultRemedyDue('2026-03-02').due).to.equal('2026-03-09');
    // by post, 3 days assumed for delivery: received Thu 5 Mar, 5 working days → Thu 12 Mar
    expect(d.defaultRemedyDue('2026-03-02', 3).due).to.equal('2026-03-12');
    expect(d.isRemedyDueAcceptable('2026-03-09', '2026-03-09')).to.equal(true);
    expect(d.isRemedyDueAcceptable('2026-03-06', '2026-03-09')).to.equal(false);
  });
  it('N6.2 once the receipt is known: the date the request named, but never less than 5 working days from receipt', () => {
    // Received early: the stated, later date holds
    expect(d.remedyDueFromReceipt('2026-03-03', '2026-03-12').due).to.equal('2026-03-12');
    // Received late (2 Apr): 5 working days from then, Easter Monday skipped, whatever the letter said
    const late = d.remedyDueFromReceipt('2026-04-02', '2026-03-12');
    expect(late.due).to.equal('2026-04-10');
    expect(late.explanation).to.include('vročen 2. 4. 2026').and.include('krajši od 5 delovnih dni');
    expect(d.remedyDueFromReceipt('2026-03-02', null).due).to.equal('2026-03-09');
  });
  it('N6.2 the DPO issues the dismissal within 5 working days after the remedy time limit lapsed', () => {
    expect(d.dismissalDue('2026-04-10').due).to.equal('2026-04-17');
  });
  it('N8.1 the decision within one month of filing', () => {
    expect(d.decisionDue('2026-03-02').due).to.equal('2026-04-02');
  });
  it('N8.2 an extension runs from the original filing day, not from the first due date', () => {
    // filed 31 Jan: first due 2 Mar (shifted); +1 month from the filing day → 31 Mar, not 2 Apr
    expect(d.extendedDecisionDue('2026-01-31', 1).due).to.equal('2026-03-31');
    expect(d.extendedDecisionDue('2026-01-31', 2).due).to.equal('2026-04-30');
    expect(d.extendedDecisionDue('2026-01-31', 2).explanation).to.include('Podaljšano za 2 meseca');
  });
  it('N12.1 clarification within 8 days of receipt, answered within 5 working days', () => {
    expect(d.clarificationUntil('2026-03-10').due).to.equal('2026-03-18');
    expect(d.clarificationUntil('2026-10-23').due).to.equal('2026-11-02');
    expect(d.clarificationAnswerDue('2026-03-18').due).to.equal('2026-03-25');
  });
  it('N13.1 appeal within 15 days of receipt of a refusal', () => {
    expect(d.appealUntil('2026-03-10').due).to.equal('2026-03-25');
    expect(d.appealUntil('2026-12-18').due).to.equal('2027-01-04');
  });
  it('the reminder falls 3 working days before the decision is due', () => {
    expect(d.reminderDate('2026-04-02')).to.equal('2026-03-30');
    expect(d.reminderDate('2026-05-04')).to.equal('2026-04-28');
  });
});
