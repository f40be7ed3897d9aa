// `npm run test:matrix`: the host seams' contract tests and the browser tests in the dashboard of
// every Rancher the chart claims, one shell after the other (one dashboard build at a time):
// the oldest (3.0.0, Rancher 2.10), the pinned one (3.0.8, Rancher 2.13) and the newest (3.0.13).
// The extension is built once, with the pinned shell, and loaded by each dashboard at run time.
//   MATRIX_SHELLS=3.0.0,3.0.13 npm run test:matrix     other shells
// Per shell it records the time of each step, the peak memory of the build and of the browser
// tests (the process tree's resident memory, sampled), and the disk the shell takes; the table
// is printed and written to test-results/matrix/summary.json. Exits 1 when any step failed.

import { spawn, spawnSync } from 'child_process';
import { mkdirSync, writeFileSync } from 'fs';
import { join, relative } from 'path';
import { ensureExtension, PINNED_SHELL, ROOT, shellDir } from '@local/builds';

const SHELLS = (process.env.MATRIX_SHELLS || `3.0.0,${ PINNED_SHELL },3.0.13`).split(',').map((v) => v.trim()).filter(Boolean);
const OUT = join(ROOT, 'test-results', 'matrix');

interface Step { name: string, ok: boolean, seconds: number, peakMB: number }
interface Counts { passed: number, failed: number, failedTests: string[] }
interface ShellRun { shell: string, steps: Step[], diskMB: number, contract?: Counts, e2e?: Counts }

/** Resident memory (MB) of `pid` and all its descendants, from ps. */
function treeRssMB(pid: number): number {
  const ps = spawnSync('ps', ['-e', '-o', 'pid=,ppid=,rss='], { encoding: 'utf8' });
  const rows = ps.stdout.trim().split('\n').map((line) => line.trim().split(/\s+/).map(Number));
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();

  for (const [p, pp, kb] of rows) {
    rss.set(p, kb);
    children.set(pp, [...(children.get(pp) || []), p]);
  }
  let total = 0;
  const todo = [pid];

  while (todo.length) {
    const p = todo.pop() as number;

    total += rss.get(p) || 0;
    todo.push(...(children.get(p) || []));
  }

  return Math.round(total / 1024);
}

/** Runs a command with RANCHER_SHELL=`shell`, its output passed through, timed and its memory sampled. */
function step(name: string, shell: string, command: string, args: string[]): Promise<Step> {
  const started = Date.now();

  console.log(`\n== ${ shell }: ${ name } (${ command } ${ args.join(' ') })`);

  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd:   ROOT,
      stdio: 'inherit',
      env:   {
        ...process.env, RANCHER_SHELL: shell, TS_JEST_DISABLE_VER_CHECKER: 'true'
      }
    });
    let peakMB = 0;
    const sampler = setInterval(() => {
      peakMB = Math.max(peakMB, treeRssMB(child.pid as number));
    }, 2000);

    child.on('close', (code) => {
      clearInterval(sampler);
      resolve({
        name, ok: code === 0, seconds: Math.round((Date.now() - started) / 1000), peakMB
      });
    });
  });
}

function counts(file: string): Counts | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const results = require(file);

    return {
      passed:      results.numPassedTests,
      failed:      results.numFailedTests,
      failedTests: results.testResults.flatMap((file: { name: string, assertionResults: { status: string, fullName: string }[] }) => file.assertionResults.filter((a) => a.status === 'failed').map((a) => `${ relative(ROOT, file.name) }: ${ a.fullName }`)),
    };
  } catch {
    return undefined;
  }
}

function diskMB(path: string): number {
  const du = spawnSync('du', ['-sm', path], { encoding: 'utf8' });

  return Number(du.stdout.split('\t')[0]) || 0;
}

async function main() {
  mkdirSync(OUT, { recursive: true });
  const extension = await ensureExtension((line) => console.log(line));

  console.log(`extension: ${ extension.built ? `built in ${ extension.seconds.toFixed(0) } s` : 'reused' } (pinned @rancher/shell ${ PINNED_SHELL })`);
  const runs: ShellRun[] = [];

  for (const shell of SHELLS) {
    const contractFile = join(OUT, `contract-${ shell }.json`);
    const e2eFile = join(OUT, `e2e-${ shell }.json`);
    const steps: Step[] = [];
    const install = await step('install', shell, 'npx', ['tsx', 'local/builds.ts', '--install-shell']);

    steps.push(install);
    if (install.ok) {
      steps.push(await step('contract tests', shell, 'npx', ['jest', '--ci', '--json', `--outputFile=${ contractFile }`, 'tests/contract']));
      const build = await step('dashboard build', shell, 'npx', ['tsx', 'local/builds.ts', '--build-dashboard']);

      steps.push(build);
      if (build.ok) {
        steps.push(await step('browser tests', shell, 'npx', ['jest', '-c', 'tests/e2e/jest.config.js', '--ci', '--runInBand', '--json', `--outputFile=${ e2eFile }`]));
      }
    }
    runs.push({
      shell,
      steps,
      diskMB:   shell === PINNED_SHELL ? diskMB(join(ROOT, '.cache', 'dashboard')) : diskMB(shellDir(shell)),
      contract: counts(contractFile),
      e2e:      counts(e2eFile),
    });
  }

  writeFileSync(join(OUT, 'summary.json'), `${ JSON.stringify(runs, null, 2) }\n`);
  console.log('\nshell   | step            | ok | time   | peak memory');
  for (const run of runs) {
    for (const s of run.steps) {
      console.log(`${ run.shell.padEnd(7) } | ${ s.name.padEnd(15) } | ${ s.ok ? 'ok' : 'NO' } | ${ `${ s.seconds } s`.padEnd(6) } | ${ s.peakMB } MB`);
    }
    console.log(`${ run.shell.padEnd(7) } | disk ${ run.diskMB } MB${ run.shell === PINNED_SHELL ? ' (its dashboard; the shell is node_modules/)' : ` (${ relative(ROOT, shellDir(run.shell)) }/)` }; contract ${ run.contract ? `${ run.contract.passed } passed, ${ run.contract.failed } failed` : 'not run' }; browser ${ run.e2e ? `${ run.e2e.passed } passed, ${ run.e2e.failed } failed` : 'not run' }`);
    for (const failed of [...(run.contract?.failedTests || []), ...(run.e2e?.failedTests || [])]) {
      console.log(`        failed: ${ failed }`);
    }
  }
  process.exit(runs.every((run) => run.steps.every((s) => s.ok)) ? 0 : 1);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
