/**
 * Errors of the database that mean "someone else got there first": MariaDB deadlock (1213) and lock wait
 * timeout (1205), SQLite busy. The step is rolled back whole; the caller may try again.
 */
export function isTransientConflict(err: unknown): boolean {
  const e = err as { errno?: number; code?: string; driverError?: { errno?: number; code?: string } } | null;
  if (!e) return false;
  const errno = e.errno ?? e.driverError?.errno;
  const code = e.code ?? e.driverError?.code;
  return errno === 1213 || errno === 1205 || code === 'SQLITE_BUSY' || code === 'ER_LOCK_DEADLOCK';
}
