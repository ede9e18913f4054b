/**
 * Letters in the order they were issued: several letters of one step share an instant, so the document
 * number (case number, then -2, -3, … in the order of issue) decides between them.
 */
export function byIssue(a: { createdAt: Date; documentNumber: string }, b: { createdAt: Date; documentNumber: string }): number {
  const n = (l: { documentNumber: string }) => Number(/-(\d+)$/.exec(l.documentNumber)?.[1] ?? 0);
  return a.createdAt.getTime() - b.createdAt.getTime() || n(a) - n(b);
}
