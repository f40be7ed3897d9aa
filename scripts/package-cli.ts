// Builds aws-cloud-provider-check as one plain JavaScript file (cli/dist/) and packs it with
// npm into dist-cli/aws-cloud-provider-check-<version>.tgz, ready for `npm install <tgz>` or
// `npm publish <tgz>`.
//   npx tsx scripts/package-cli.ts [--bundle-only] [--out DIR]
import { execFileSync } from 'child_process';
import { mkdirSync, readFileSync } from 'fs';
import { builtinModules } from 'module';
import { join, resolve } from 'path';
import { parseArgs } from 'util';
import { build, Plugin } from 'esbuild';
import { loadStrings } from '@cli/src/l10n-strings';

const ROOT = join(__dirname, '..');

export const CLI_DIR = join(ROOT, 'cli');
export const BUNDLE = join(CLI_DIR, 'dist', 'aws-cloud-provider-check.js');

/**
 * The import prefixes of tsconfig.json's `paths` (`@pkg/`, `@cli/`, ...). esbuild resolves them
 * itself: it reads the tsconfig.json nearest to each file, the repository's for cli/src.
 */
const PATH_ALIASES = Object.keys(JSON.parse(readFileSync(join(ROOT, 'tsconfig.json'), 'utf8')).compilerOptions.paths)
  .map((pattern) => pattern.replace(/\*$/, ''));

/** cli/src/l10n-strings.ts becomes the parsed en-us.yaml: no yaml file to find, nothing to parse at start. */
const inlineStrings: Plugin = {
  name: 'inline-l10n-strings',
  setup(esbuild) {
    esbuild.onLoad({ filter: /[\\/]cli[\\/]src[\\/]l10n-strings\.ts$/ }, () => ({
      loader:   'js',
      contents: `const STRINGS = ${ JSON.stringify(loadStrings()) };\nexport const L10N_FILE = undefined;\nexport function loadStrings() { return STRINGS; }\n`,
    }));
  },
};

/**
 * Our code (cli/src and the extension's aws/ and domain/) in one file; packages stay
 * external and must be the package's dependencies, checked here so none is forgotten.
 */
export async function buildCliBundle(): Promise<{ externals: string[] }> {
  const pkg = JSON.parse(readFileSync(join(CLI_DIR, 'package.json'), 'utf8'));
  const result = await build({
    entryPoints:   [join(CLI_DIR, 'src', 'main.ts')],
    outfile:       BUNDLE,
    bundle:        true,
    platform:      'node',
    format:        'cjs',
    target:        'node20',
    packages:      'external',
    plugins:       [inlineStrings],
    metafile:      true,
    legalComments: 'none',
    logLevel:      'warning',
    banner:        { js: `// aws-cloud-provider-check ${ pkg.version }: built from cli/src by scripts/package-cli.ts.` },
  });
  const packageOf = (path: string) => path.split('/').slice(0, path.startsWith('@') ? 2 : 1).join('/');
  // "Externals" in the metafile that are relative or through tsconfig.json's path aliases are
  // TypeScript's type-only imports, which esbuild drops unresolved.
  const ours = (path: string) => path.startsWith('.') || PATH_ALIASES.some((alias) => path.startsWith(alias));
  const externals = [...new Set(Object.values(result.metafile.inputs)
    .flatMap((input) => input.imports.filter((i) => i.external && !ours(i.path)).map((i) => packageOf(i.path.replace(/^node:/, '')))))]
    .filter((name) => !builtinModules.includes(name))
    .sort();
  const undeclared = externals.filter((name) => !pkg.dependencies?.[name]);

  if (undeclared.length) {
    throw new Error(`cli/package.json must depend on what the bundle loads: ${ undeclared.join(', ') }`);
  }

  return { externals };
}

/** `npm pack` of cli/ into `out`; returns the tarball's path. */
export function packCli(out: string): string {
  mkdirSync(out, { recursive: true });

  const [packed] = JSON.parse(execFileSync('npm', ['pack', CLI_DIR, '--pack-destination', out, '--json'], { cwd: ROOT, encoding: 'utf8' }));

  return join(out, packed.filename);
}

if (require.main === module) {
  const { values } = parseArgs({ options: { 'bundle-only': { type: 'boolean' }, out: { type: 'string' } } });

  buildCliBundle().then(({ externals }) => {
    console.log(`built ${ BUNDLE } (external: ${ externals.join(', ') })`);
    if (!values['bundle-only']) {
      console.log(`packed ${ packCli(resolve(values.out || join(ROOT, 'dist-cli'))) }`);
    }
  }, (error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
