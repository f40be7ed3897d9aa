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

/** A translator over the given strings; `onMissing` hears every key that is not there. */
export function createTranslate(strings: unknown = loadStrings(), onMissing?: (key: string) => void): Translate {
  // Per key: its compiled formatter, or its text when ICU syntax would leave it as it is (no
  // braces, quotes, tags or #). A report of 10,000 nodes asks for a few keys tens of thousands
  // of times: no dotted lookup, no parse and no formatting pass for them after the first.
  const cache = new Map<string, IntlMessageFormat | string>();

  return (key, args) => {
    let compiled = cache.get(key);

    if (compiled === undefined) {
      const message = lookup(strings, key);

      if (typeof message !== 'string') {
        onMissing?.(key);

        return `%${ key }%`;
      }
      compiled = /[{}'<#]/.test(message) ? new IntlMessageFormat(message, 'en-US') : message;
      cache.set(key, compiled);
    }

    return typeof compiled === 'string' ? compiled : String(compiled.format(args as Parameters<IntlMessageFormat['format']>[0]));
  };
}
