// Which errors are faults (ours, a library's, the runtime's) whose text must never reach an
// owner or a page: they are logged, and the person gets a plain "something went wrong".
const INTERNAL = new Set(['Error', 'TypeError', 'ReferenceError', 'SyntaxError', 'EvalError', 'LedgerInvariantError', 'AggregateError',
  'error', 'DatabaseError', 'CsvError', 'AbortError']);
// Faults of the runtime that happen to be RangeErrors, like the services' refusals.
const RUNTIME_FAULT = /^(Maximum call stack size exceeded|Invalid (string|array|typed array) length|Array buffer allocation failed|Invalid time value)/;

export function isInternalError(e: Error): boolean {
  const code = (e as { code?: unknown }).code;
  return INTERNAL.has(e.name) || e.name.startsWith('Sequelize') || e.constructor === Error || RUNTIME_FAULT.test(e.message)
    || 'severity' in e || 'routine' in e // pg's server errors
    || (typeof code === 'string' && /^(ERR_|E[A-Z]{3,}$|CSV_)/.test(code)); // node's and csv-parse's errors
}
