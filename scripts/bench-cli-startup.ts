// Start-up of `aws-cloud-provider-check --help`: the median wall time of RUNS runs, for the bin
// of this checkout (tsx compiles cli/src at start) and for the built bundle as the published
// package runs it (the same bin with no src/ beside it).
//   npx tsx scripts/bench-cli-startup.ts [runs]      (npm run bench:cli)
import { spawnSync } from 'child_process';
import { copyFileSync, mkdirSync } from 'fs';
import { join } from 'path';
import { BUNDLE, CLI_DIR, buildCliBundle } from './package-cli';

const ROOT = join(__dirname, '..');
const RUNS = Number(process.argv[2]) || 10;

/** Milliseconds of each run, after one unmeasured run that warms the file cache. */
function median(bin: string): number {
  const times: number[] = [];

  for (let i = 0; i <= RUNS; i++) {
    const start = process.hrtime.bigint();
    const run = spawnSync(process.execPath, [bin, '--help'], { stdio: ['ignore', 'ignore', 'inherit'] });

    if (run.status !== 0) {
      throw new Error(`${ bin } --help exited ${ run.status }`);
    }
    if (i > 0) {
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  }
  times.sort((a, b) => a - b);

  return times[Math.floor(times.length / 2)];
}

async function main(): Promise<void> {
  await buildCliBundle();

  // In .cache/ inside the repository, so the bundle's packages resolve from node_modules.
  const packaged = join(ROOT, '.cache', 'bench-cli');

  mkdirSync(join(packaged, 'bin'), { recursive: true });
  mkdirSync(join(packaged, 'dist'), { recursive: true });
  copyFileSync(join(CLI_DIR, 'bin', 'aws-cloud-provider-check.js'), join(packaged, 'bin', 'aws-cloud-provider-check.js'));
  copyFileSync(BUNDLE, join(packaged, 'dist', 'aws-cloud-provider-check.js'));

  console.log(`aws-cloud-provider-check --help, median of ${ RUNS } runs`);
  console.log(`  tsx (this checkout):   ${ median(join(CLI_DIR, 'bin', 'aws-cloud-provider-check.js')).toFixed(0) } ms`);
  console.log(`  bundle (the package):  ${ median(join(packaged, 'bin', 'aws-cloud-provider-check.js')).toFixed(0) } ms`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
