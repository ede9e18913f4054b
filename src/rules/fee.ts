import type { Evaluation } from './evaluate.js';

/**
 * The fee tariff as data: the unit prices (EUR) of the `fee` rule set's rule "cenik" (its event `tariff`),
 * edited, versioned and tested like any rule set by legal staff.
 */
export interface FeeTariff {
  currency: string;
  items: Record<string, number>;
}

export interface FeeLine {
  item: string;
  quantity: number;
  unitPrice: number;
  amount: number;
}

/** The tariff an evaluation of the `fee` rule set produced; null if no rule gave one. */
export function tariffOf(e: Evaluation): FeeTariff | null {
  const event = e.events.find((x) => x.type === 'tariff');
  if (!event) return null;
  const items: Record<string, number> = {};
  for (const [k, v] of Object.entries(event.params)) if (typeof v === 'number' && Number.isFinite(v) && v >= 0) items[k] = v;
  return { currency: 'EUR', items };
}

/** Sum a fee in whole cents, so that 3 × 0.10 is 0.30 and not 0.30000000000000004. */
export function computeFee(tariff: FeeTariff, quantities: Record<string, number>): { total: number; lines: FeeLine[] } {
  const lines: FeeLine[] = [];
  let cents = 0;
  for (const [item, quantity] of Object.entries(quantities)) {
    if (!quantity) continue;
    const unitPrice = tariff.items[item];
    if (unitPrice === undefined) throw new RangeError(`the tariff has no item "${item}"`);
    if (!Number.isInteger(quantity) || quantity < 0) throw new RangeError(`quantity of "${item}" must be a whole number`);
    const amountCents = Math.round(unitPrice * 100) * quantity;
    cents += amountCents;
    lines.push({ item, quantity, unitPrice, amount: amountCents / 100 });
  }
  return { total: cents / 100, lines };
}

/** Euros as a Slovenian letter writes them: 1234.5 → "1.234,50 EUR". */
export const eurosText = (n: number): string =>
  `${new Intl.NumberFormat('sl-SI', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(n)} EUR`;
