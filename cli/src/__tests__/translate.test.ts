import IntlMessageFormat from 'intl-messageformat';
import { createTranslate, loadStrings } from '../translate';

/** Every message of the l10n file, by its dotted key. */
function messages(tree: unknown, prefix = ''): [string, string][] {
  return Object.entries(tree as Record<string, unknown>).flatMap(([name, value]) => (typeof value === 'string' ? [[`${ prefix }${ name }`, value] as [string, string]] : messages(value, `${ prefix }${ name }.`)));
}

const all = messages(loadStrings());
const argumentNames = (message: string) => [...message.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)[,}]/g)].map((m) => m[1]);

describe('the CLI translator', () => {
  it('says every message of the l10n file as intl-messageformat does, with strings and with numbers', () => {
    const t = createTranslate();
    const withArguments = all.filter(([, message]) => /[{}'<#]/.test(message));

    expect(withArguments.length).toBeGreaterThan(100);
    for (const [key, message] of withArguments) {
      for (const pick of [(name: string) => `<${ name }>`, () => 1234, () => 1]) {
        const args = Object.fromEntries(argumentNames(message).map((name) => [name, pick(name)]));
        let expected: string;

        try {
          expected = String(new IntlMessageFormat(message, 'en-US').format(args));
        } catch {
          continue; // a select or plural whose argument must be of another kind
        }

        expect([key, t(key, args)]).toEqual([key, expected]);
      }
    }
  });

  it('refuses a missing argument as intl-messageformat does, and says an empty one as nothing', () => {
    const [key, message] = all.find(([, text]) => /^[^'<#,]*\{[a-z]+\}[^'<#,]*$/.test(text)) as [string, string];
    const name = argumentNames(message)[0];
    const t = createTranslate();

    expect(() => new IntlMessageFormat(message, 'en-US').format({})).toThrow(`"${ name }" was not provided`);
    expect(() => t(key, {})).toThrow(`"${ name }" was not provided`);
    expect(t(key, { [name]: undefined })).toBe(String(new IntlMessageFormat(message, 'en-US').format({ [name]: undefined })));
  });

  it('says a key that is not there as %key% and tells onMissing', () => {
    const missing: string[] = [];

    expect(createTranslate(loadStrings(), (key) => missing.push(key))('awsCloudProvider.nope')).toBe('%awsCloudProvider.nope%');
    expect(missing).toEqual(['awsCloudProvider.nope']);
  });
});
