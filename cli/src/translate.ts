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
  const cache = new Map<string, IntlMessageFormat>();

  return (key, args) => {
    const message = lookup(strings, key);

    if (typeof message !== 'string') {
      onMissing?.(key);

      return `%${ key }%`;
    }

    let formatter = cache.get(message);

    if (!formatter) {
      formatter = new IntlMessageFormat(message, 'en-US');
      cache.set(message, formatter);
    }

    return String(formatter.format(args as Parameters<IntlMessageFormat['format']>[0]));
  };
}
