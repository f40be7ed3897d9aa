/**
 * Rancher's `t()` outside Rancher: the extension's own en-us.yaml, formatted with ICU
 * message syntax through intl-messageformat as the dashboard's i18n store does.
 */

import IntlMessageFormat from 'intl-messageformat';
import { loadStrings } from './l10n-strings';

export { L10N_FILE, loadStrings } from './l10n-strings';

export type Translate = (key: string, args?: Record<string, unknown>) => string;

/** The value at a dotted key such as `awsCloudProvider.tab.label`, or undefined. */
export function lookup(tree: unknown, key: string): unknown {
  return key.split('.').reduce((node: unknown, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), tree);
}

type Compiled = IntlMessageFormat | string | ((args?: Record<string, unknown>) => string);

/** A translator over the given strings; `onMissing` hears every key that is not there. */
export function createTranslate(strings: unknown = loadStrings(), onMissing?: (key: string) => void): Translate {
  // Per key: its compiled formatter, or its text when ICU syntax would leave it as it is (no
  // braces, quotes, tags or #). A report of 10,000 nodes asks for a few keys tens of thousands
  // of times: no dotted lookup, no parse and no formatting pass for them after the first.
  const cache = new Map<string, Compiled>();

  return (key, args) => {
    let compiled = cache.get(key);

    if (compiled === undefined) {
      const message = lookup(strings, key);

      if (typeof message !== 'string') {
        onMissing?.(key);

        return `%${ key }%`;
      }
      compiled = compile(message);
      cache.set(key, compiled);
    }

    return typeof compiled === 'string' ? compiled : typeof compiled === 'function' ? compiled(args) : String(compiled.format(args as Parameters<IntlMessageFormat['format']>[0]));
  };
}

/** Only simple `{name}` arguments: no plural, select, number format, quote, tag or #. */
const SIMPLE_ARGUMENTS = /^(?:[^{}'<#]|\{[A-Za-z_][A-Za-z0-9_]*\})*$/;

/**
 * A message's formatter. Most messages only put values in place: that is done here as ICU does it
 * (a string or number as itself, any other value as empty, a missing one an error), without
 * parsing ICU syntax at start-up; the rest go to intl-messageformat.
 */
function compile(message: string): Compiled {
  if (!/[{}'<#]/.test(message)) {
    return message;
  }
  if (!SIMPLE_ARGUMENTS.test(message)) {
    return new IntlMessageFormat(message, 'en-US');
  }

  const parts = message.split(/\{([A-Za-z_][A-Za-z0-9_]*)\}/);

  return (args) => {
    let out = parts[0];

    for (let i = 1; i < parts.length; i += 2) {
      if (!(args && parts[i] in args)) {
        throw new Error(`The intl string context variable "${ parts[i] }" was not provided to the string "${ message }"`);
      }

      const value = args[parts[i]];

      out += (typeof value === 'string' || typeof value === 'number' || value ? String(value) : '') + parts[i + 1];
    }

    return out;
  };
}
