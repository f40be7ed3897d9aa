// `npm run package`: builds the extension (npm run build → dist-pkg/), writes the Helm
// repository Rancher installs it from (dist-catalog/, see scripts/catalog/repository.ts) and
// packs the CLI (dist-cli/aws-cloud-provider-check-<version>.tgz).
//   npm run package -- [--skip-build] [--repository OWNER/NAME] [--branch gh-pages]
//                      [--base-url URL] [--merge PUBLISHED/index.yaml] [--force]
// The UIPlugin's endpoint is where dist-catalog/ will be served: by default raw GitHub for
// --repository (else $GITHUB_REPOSITORY) and --branch, as Rancher's publish script has it.
import { spawnSync } from 'child_process';
import { join, relative, resolve } from 'path';
import { parseArgs } from 'util';
import { githubBaseUrl, writeCatalog } from './catalog/repository';
import { buildCliBundle, packCli } from './package-cli';

const ROOT = join(__dirname, '..');
const EXTENSION = 'aws-cloud-provider';
// Placeholder until the project has its public home; CI passes its own repository.
const DEFAULT_REPOSITORY = 'rancher-sandbox/aws-cloud-provider-ui';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'skip-build': { type: 'boolean' },
      repository:   { type: 'string' },
      branch:       { type: 'string' },
      'base-url':   { type: 'string' },
      merge:        { type: 'string' },
      force:        { type: 'boolean' },
    },
  });

  if (!values['skip-build']) {
    const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });

    if (build.status !== 0) {
      throw new Error('npm run build failed');
    }
  }

  const repository = values.repository || process.env.GITHUB_REPOSITORY || DEFAULT_REPOSITORY;
  const catalog = writeCatalog({
    root:    ROOT,
    name:    EXTENSION,
    out:     join(ROOT, 'dist-catalog'),
    baseUrl: values['base-url'] || githubBaseUrl(repository, values.branch || 'gh-pages'),
    merge:   values.merge && resolve(values.merge),
    force:   values.force,
  });

  console.log(`dist-catalog/: ${ EXTENSION } ${ catalog.version }, ${ catalog.chart } (sha256 ${ catalog.digest }), ${ catalog.files.length } plugin files`);
  console.log(`  UIPlugin endpoint: ${ catalog.endpoint }`);

  await buildCliBundle();
  console.log(`dist-cli/: ${ relative(join(ROOT, 'dist-cli'), packCli(join(ROOT, 'dist-cli'))) }`);
}

main().catch((error) => {
  console.error(`package: ${ error.message }`);
  process.exitCode = 1;
});
