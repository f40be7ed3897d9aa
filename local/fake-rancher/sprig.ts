/**
 * The values of Go templates as Helm has them: truth (`if`), printing (Helm prints nothing for a
 * missing key), and the Sprig and Go functions charts use. The last argument of a function is the
 * piped value.
 */

export type Value = unknown;

/** A template that cannot be read or run: the message names the construct, as helm would fail. */
export class TemplateError extends Error {}

export const isEmpty = (value: Value): boolean => value === undefined || value === null || value === false || value === 0 || value === '' ||
  (Array.isArray(value) ? value.length === 0 : typeof value === 'object' && Object.keys(value as object).length === 0);

/** How Go prints a value; Helm replaces `<no value>` with nothing. */
export function print(value: Value): string {
  if (value === undefined || value === null) {
    return '';
  }
  if (Array.isArray(value)) {
    return `[${ value.map(print).join(' ') }]`;
  }
  if (typeof value === 'object') {
    return `map[${ Object.keys(value as object).sort().map((key) => `${ key }:${ print((value as Record<string, Value>)[key]) }`).join(' ') }]`;
  }

  return String(value);
}

export const toText = (value: Value): string => (typeof value === 'string' ? value : print(value));
const indentLines = (spaces: number, text: string): string => text.split('\n').map((line) => ' '.repeat(spaces) + line).join('\n');
const SEMVER = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+([0-9A-Za-z.-]+))?$/;

/** Sprig's (and Go's) functions as Helm has them; the last argument is the piped value. */
export const FUNCTIONS: Record<string, (...args: Value[]) => Value> = {
  default:    (fallback, given) => (isEmpty(given) ? fallback : given),
  quote:      (...values) => values.filter((v) => v !== undefined && v !== null).map((v) => JSON.stringify(toText(v))).join(' '),
  squote:     (...values) => values.filter((v) => v !== undefined && v !== null).map((v) => `'${ toText(v) }'`).join(' '),
  indent:     (spaces, text) => indentLines(Number(spaces), toText(text)),
  nindent:    (spaces, text) => `\n${ indentLines(Number(spaces), toText(text)) }`,
  trunc:      (length, text) => toText(text).slice(0, Number(length)),
  trimSuffix: (suffix, text) => (toText(text).endsWith(toText(suffix)) ? toText(text).slice(0, -toText(suffix).length || undefined) : toText(text)),
  trimPrefix: (prefix, text) => (toText(text).startsWith(toText(prefix)) ? toText(text).slice(toText(prefix).length) : toText(text)),
  trim:       (text) => toText(text).trim(),
  contains:   (needle, text) => toText(text).includes(toText(needle)),
  replace:    (from, to, text) => toText(text).split(toText(from)).join(toText(to)),
  lower:      (text) => toText(text).toLowerCase(),
  upper:      (text) => toText(text).toUpperCase(),
  printf:     (format, ...args) => {
    let i = 0;

    return toText(format).replace(/%([sdvq%])/g, (_, verb) => (verb === '%' ? '%' : verb === 'q' ? JSON.stringify(toText(args[i++])) : print(args[i++])));
  },
  semver: (version) => {
    const match = SEMVER.exec(toText(version));

    if (!match) {
      throw new TemplateError(`semver: invalid semantic version "${ toText(version) }"`);
    }

    return {
      Original: toText(version), Major: Number(match[1]), Minor: Number(match[2] || 0), Patch: Number(match[3] || 0), Prerelease: match[4] || '', Metadata: match[5] || ''
    };
  },
  not: (value) => isEmpty(value),
  eq:  (a, ...others) => others.some((b) => a === b),
  ne:  (a, b) => a !== b,
  // Go's and: the first empty argument (which may be nil itself), else the last.
  and: (...values) => (values.some(isEmpty) ? values.find(isEmpty) : values[values.length - 1]),
  or:  (...values) => values.find((v) => !isEmpty(v)) ?? values[values.length - 1],
};
