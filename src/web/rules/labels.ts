/** Slovenian words for the rules editor (issue 7 item 3). The operators are json-rules-engine's, by name. */
export const OPERATOR_LABELS: Record<string, string> = {
  equal: 'je enako',
  notEqual: 'ni enako',
  in: 'je eno od',
  notIn: 'ni nobeno od',
  contains: 'vsebuje',
  doesNotContain: 'ne vsebuje',
  lessThan: 'je manj kot',
  lessThanInclusive: 'je največ',
  greaterThan: 'je več kot',
  greaterThanInclusive: 'je vsaj',
};

/** What kind of value a fact holds, as the editor offers operators and value inputs for it. */
export type FactKind = 'boolean' | 'integer' | 'number' | 'enum' | 'string' | 'list' | 'other';

/** The operators that make sense for each kind of fact (all are json-rules-engine defaults; validate.ts checks them). */
export const OPERATORS_BY_KIND: Record<FactKind, string[]> = {
  boolean: ['equal', 'notEqual'],
  integer: ['equal', 'notEqual', 'lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive', 'in', 'notIn'],
  number: ['equal', 'notEqual', 'lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive', 'in', 'notIn'],
  enum: ['equal', 'notEqual', 'in', 'notIn'],
  string: ['equal', 'notEqual', 'in', 'notIn'],
  list: ['contains', 'doesNotContain'],
  other: Object.keys(OPERATOR_LABELS),
};

export const KIND_LABELS: Record<FactKind, string> = {
  boolean: 'da/ne', integer: 'celo število', number: 'število', enum: 'izbira', string: 'besedilo', list: 'seznam', other: 'drugo',
};

export const GROUP_LABELS: Record<'all' | 'any', string> = { all: 'vsi pogoji (IN)', any: 'vsaj eden od pogojev (ALI)' };

export const NOTICES: Record<string, string> = {
  unchanged: 'Vsebina je enaka veljavni različici; nova različica ni nastala.',
};
