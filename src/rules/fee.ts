/** The fee tariff as data (rules/fee-tariff.data.json), editable by legal staff. */
export interface FeeTariff {
  currency: string;
  status: string;
  source: string;
  items: Record<string, number>;
}

export interface FeeLine {
  item: string;
  quantity: number;
  unitPrice: number;
  amount: number;
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
