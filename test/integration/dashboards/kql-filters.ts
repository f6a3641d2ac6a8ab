// The small part of KQL lagwatch's visualisations use, as Elasticsearch filters, so a test
// can ask the real index whether a visualisation's query finds documents: clauses joined by
// `and`, each `field : "value"`, `field : *` or `field > number` (>=, <, <= too). Anything
// else is refused, so a new kind of query gets a translation before it gets a test.
export function kqlFilters(query: string): object[] {
  if (query.trim() === '') return [];
  return query.split(/\s+and\s+/i).map((clause) => {
    const m = /^\s*([\w@][\w.@]*)\s*(:|>=|<=|>|<)\s*("([^"]*)"|\*|(-?\d+(?:\.\d+)?))\s*$/.exec(
      clause,
    );
    if (!m) throw new Error(`KQL clause not understood: ${clause}`);
    const [, field, op, , quoted, number] = m;
    if (op === ':' && quoted !== undefined) return { term: { [field!]: quoted } };
    if (op === ':' && number === undefined) return { exists: { field } };
    if (op === ':') return { term: { [field!]: Number(number) } };
    const bound = { '>': 'gt', '>=': 'gte', '<': 'lt', '<=': 'lte' }[op!]!;
    return { range: { [field!]: { [bound]: Number(number) } } };
  });
}
