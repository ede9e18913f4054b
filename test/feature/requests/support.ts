import { expect } from 'chai';
import { requestBody, type Desk } from '../../support/requests.js';

export type View = Record<string, any>;

/** Register a request as the clerk; returns the request view. */
export async function register(desk: Desk, over: Record<string, unknown> = {}): Promise<View> {
  const res = await desk.call('post', '/api/v1/requests', requestBody(over), desk.clerk);
  expect(res.status, JSON.stringify(res.body)).to.equal(201);
  return res.body;
}

/** Take a registered request through completeness, identity and records to the `decide` task. */
export async function toDecide(desk: Desk, over: Record<string, unknown> = {}, records = { art23Restriction: false, collections: ['Obvezno zdravstveno zavarovanje'] }): Promise<View> {
  const reg = await register(desk, over);
  await desk.complete(reg.id, 'checkCompleteness', { complete: true });
  // N7.2: e-mail with a qualified e-signature, in person by the ID document, paper by the records.
  const method = { email: 'qualified_signature', in_person: 'id_document', post: 'records_match' }[reg.channel as string];
  await desk.complete(reg.id, 'verifyIdentity', { method, verified: true });
  const view = await desk.complete(reg.id, 'checkRecords', records, desk.owner);
  expect(view.openTasks.map((t: { key: string }) => t.key)).to.deep.equal(['decide']);
  return view;
}

/** The HTML text of the newest letter of a kind. */
export async function letterText(desk: Desk, view: View, kind: string): Promise<string> {
  const letter = [...view.letters].reverse().find((l: { kind: string }) => l.kind === kind);
  expect(letter, `a ${kind} letter`).to.exist;
  const res = await desk.call('get', `/api/v1/requests/${view.id}/letters/${letter.id}`).set('accept', 'text/html');
  expect(res.status).to.equal(200);
  return res.text;
}

/** The request view as the API answers it. */
export const getView = async (desk: Desk, id: string): Promise<View> => (await desk.call('get', `/api/v1/requests/${id}`)).body;

export const kinds = (view: View): string[] => view.letters.map((l: { kind: string }) => l.kind);

export const LONG_REASONING = 'Iz zbirk Zavoda izhaja, da bi razkritje podatkov razkrilo podatke o zdravljenju mladoletne osebe, katere interes po presoji pooblaščene osebe prevlada nad interesom zakonitega zastopnika.';

/**
 * A request a parent files for a minor child (born 1. 1. 2015: EMŠO 0101015505002), by e-mail from the
 * parent's own address: the representative is a party with contact data of their own (N4.1, N15.1).
 */
export const MINOR_BY_PARENT = {
  subject: { firstName: 'Tina', lastName: 'Novak', emso: '0101015505002', address: 'Trubarjeva 1, 1000 Ljubljana' },
  representative: { name: 'Marko Novak', kind: 'parent', authorisationAttached: true, email: 'marko.novak@example.si', address: 'Celovška cesta 5, 1000 Ljubljana' },
};
