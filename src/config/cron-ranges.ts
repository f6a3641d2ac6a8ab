// What node-cron accepts but bends: a step larger than its field's range (`*/61` seconds,
// `*/60` minutes) matches only the first value, so `*/61 * * * * *` runs once a minute
// instead of failing; a reversed range (`5-2`) is accepted too. These checks run after
// node-cron's own validation and name the field, what fits it and what was found.

interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  /** Names allowed for values (jan, mon), lower case, in value order from `min`. */
  readonly names?: readonly string[];
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

const FIELDS: readonly CronField[] = [
  { name: 'second', min: 0, max: 59 },
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  // 7 is Sunday again; a step over 0-6 is what makes sense.
  { name: 'weekday', min: 0, max: 6, names: WEEKDAYS },
];

/** A value of a field: a number, or a name (first three letters) where the field has names. */
function valueOf(field: CronField, text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  const index = field.names?.indexOf(text.slice(0, 3).toLowerCase()) ?? -1;
  return index < 0 ? undefined : field.min + index;
}

/** The first problem of one item (`*`, `a-b`, either with `/step`), or undefined. */
function itemProblem(field: CronField, item: string): string | undefined {
  const [base = '', stepText] = item.split('/');
  let span = field.max - field.min;
  const range = /^([^-]+)-([^-]+)$/.exec(base);
  if (range) {
    const low = valueOf(field, range[1] ?? '');
    const high = valueOf(field, range[2] ?? '');
    if (low !== undefined && high !== undefined) {
      if (low > high)
        return `the range "${base}" in the ${field.name} field runs backwards (write it low-high)`;
      span = high - low;
    }
  }
  if (stepText === undefined || !/^\d+$/.test(stepText)) return undefined;
  const step = Number(stepText);
  if (step >= 1 && step <= span) return undefined;
  const where = base === '*' ? `${field.min}-${field.max}` : `"${base}"`;
  return (
    `the step ${step} in the ${field.name} field "${item}" is outside 1-${span} ` +
    `(the span of ${where}), so it would match only its first value`
  );
}

/**
 * Problems node-cron lets through in an expression it has validated: one message per
 * bent item, empty when there are none.
 */
export function cronRangeProblems(expression: string): string[] {
  const parts = expression.trim().split(/\s+/);
  const fields = parts.length === 5 ? FIELDS.slice(1) : FIELDS;
  if (parts.length !== fields.length) return [];
  const problems: string[] = [];
  parts.forEach((part, i) => {
    const field = fields[i];
    if (!field) return;
    for (const item of part.split(',')) {
      const problem = itemProblem(field, item);
      if (problem !== undefined) problems.push(problem);
    }
  });
  return problems;
}
