/**
 * MariaDB refuses a value it cannot store (too long for its column, a character its charset lacks, a
 * date out of its range). The request schemas enforce the column lengths, so this is a last resort: the
 * HTTP layer answers 422 instead of a 500, and the caller never sees the SQL.
 */
export interface StorageLimit {
  /** For the log: the database's own words (a column name, never a value). */
  reason: string;
  message: string;
  slovenian: string;
}

// ER_DATA_TOO_LONG, ER_TRUNCATED_WRONG_VALUE_FOR_FIELD (incorrect string value), ER_TRUNCATED_WRONG_VALUE, WARN_DATA_TRUNCATED, ER_WARN_DATA_OUT_OF_RANGE
const TOO_LONG = new Set([1406]);
const WRONG_VALUE = new Set([1366, 1292, 1265, 1264]);

export function storageLimitOf(err: unknown): StorageLimit | null {
  // TypeORM keeps the driver's error as driverError; our own errors keep theirs as cause.
  for (let e = err as Record<string, unknown> | undefined, depth = 0; e && typeof e === 'object' && depth < 5; depth += 1) {
    const errno = Number(e.errno);
    const column = /column '([^']+)'/.exec(String(e.sqlMessage ?? e.message ?? ''))?.[1];
    const where = column ? ` (column ${column})` : '';
    if (TOO_LONG.has(errno)) return { reason: `data too long${where}`, message: 'A value is too long to be stored.', slovenian: 'Vrednost je predolga za shranjevanje.' };
    if (WRONG_VALUE.has(errno)) return { reason: `value not storable${where}`, message: 'A value contains characters or a date that cannot be stored.', slovenian: 'Vrednost vsebuje znake ali datum, ki jih ni mogoče shraniti.' };
    e = (e.driverError ?? e.cause) as Record<string, unknown> | undefined;
  }
  return null;
}
