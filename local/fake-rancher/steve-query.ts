/**
 * A Steve list's query as Rancher's SQL cache answers it (the dashboard's server-side pagination,
 * shell steve-pagination-utils.ts): `filter` (each parameter ANDed, its comma-separated terms
 * ORed; `=`, `!=`, `~` contains, `!~`, ` IN (a,b)`, ` NOTIN (a,b)`, a bare field exists, `!field`
 * does not), `sort` (comma-separated, `-` descending), `page` and `pagesize` (then `count` is
 * every match and `pages` their pages). Paths are dotted with brackets for keys holding dots:
 * `metadata.labels[provider.cattle.io]`.
 */
import { SteveObject } from './steve';

export interface SteveListPage { data: SteveObject[], count: number, pages?: number }

/** `a.b[c.d].e` → ['a', 'b', 'c.d', 'e']. */
export function fieldPath(field: string): string[] {
  return [...field.matchAll(/([^.[\]]+)|\[([^\]]*)\]/g)].map((m) => m[2] ?? m[1]);
}

function valueAt(object: SteveObject, field: string): unknown {
  return fieldPath(field).reduce((at: unknown, key) => (at && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined), object);
}

// The dashboard quotes values with characters outside a field value's plain set.
const unquote = (value: string) => value.replace(/^"(.*)"$/, '$1');
const isMissing = (value: unknown) => value === undefined || value === null;

/** One term of a filter, as a test of an object. */
function term(text: string): (object: SteveObject) => boolean {
  const set = /^(.+?) (IN|NOTIN) \((.*)\)$/.exec(text);

  if (set) {
    const values = set[3].split(',').map((v) => unquote(v.trim()));

    return (object) => {
      const value = valueAt(object, set[1]);
      const inSet = !isMissing(value) && values.includes(String(value));

      return set[2] === 'IN' ? inSet : !inSet;
    };
  }
  const compared = /^(.+?)(!=|!~|=|~)(.*)$/.exec(text);

  if (compared) {
    const [, field, op, raw] = compared;
    const wanted = unquote(raw);

    return (object) => {
      const value = valueAt(object, field);
      const text = isMissing(value) ? undefined : String(value);

      switch (op) {
      case '=': return text === wanted;
      case '!=': return text !== wanted;
      case '~': return text !== undefined && text.toLowerCase().includes(wanted.toLowerCase());
      default: return text === undefined || !text.toLowerCase().includes(wanted.toLowerCase());
      }
    };
  }
  if (text.startsWith('!')) {
    return (object) => isMissing(valueAt(object, text.slice(1)));
  }

  return (object) => !isMissing(valueAt(object, text));
}

/** Splits on commas outside parentheses (the values of IN and NOTIN hold commas). */
function terms(filter: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;

  for (let i = 0; i < filter.length; i++) {
    depth += filter[i] === '(' ? 1 : filter[i] === ')' ? -1 : 0;
    if (filter[i] === ',' && depth === 0) {
      out.push(filter.slice(start, i));
      start = i + 1;
    }
  }

  return [...out, filter.slice(start)].filter(Boolean);
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') {
    return a - b;
  }
  const [x, y] = [isMissing(a) ? '' : String(a), isMissing(b) ? '' : String(b)];

  return x < y ? -1 : x > y ? 1 : 0;
}

/** The objects a list request answers: filtered, sorted and, when it asks for pages, one page. */
export function steveListQuery(objects: SteveObject[], params: URLSearchParams): SteveListPage {
  const filters = params.getAll('filter').map((filter) => terms(filter).map(term));
  let data = objects.filter((object) => filters.every((anyOf) => anyOf.some((test) => test(object))));
  const sort = (params.get('sort') || '').split(',').filter(Boolean).map((field) => ({ field: field.replace(/^-/, ''), descending: field.startsWith('-') }));

  if (sort.length) {
    data = [...data].sort((a, b) => {
      for (const { field, descending } of sort) {
        const order = compare(valueAt(a, field), valueAt(b, field));

        if (order) {
          return descending ? -order : order;
        }
      }

      return 0;
    });
  }
  const pageSize = Number(params.get('pagesize'));

  if (!params.has('pagesize') || !(pageSize > 0)) {
    return { data, count: data.length };
  }
  const page = Math.max(1, Number(params.get('page')) || 1);

  return {
    data: data.slice((page - 1) * pageSize, page * pageSize), count: data.length, pages: Math.ceil(data.length / pageSize)
  };
}
