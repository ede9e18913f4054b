import type { Request } from './model.js';

/** The facts of the completeness rule set, read from a request (N4.1). */
export function completenessFacts(r: Request): Record<string, unknown> {
  const s = r.subject;
  return {
    hasName: Boolean(s.firstName && s.lastName),
    hasIdentifierOrAddress: Boolean(s.emso || s.taxNumber || s.zzzsNumber || s.address),
    rightsCount: r.rights.length,
    needsMeasures: r.rights.some((x) => x === 'rectification' || x === 'erasure' || x === 'restriction'),
    measuresGiven: Boolean(r.row.measures && r.row.measures.trim()),
    representativePresent: Boolean(r.representative),
    representativeAuthorisationAttached: r.representative?.authorisationAttached === true,
    contactGiven: Boolean(s.address || s.email),
  };
}
