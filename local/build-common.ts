/**
 * What local/builds.ts's builds share: the repository's paths, the pinned and the served shell
 * versions, source hashes (the keys builds are cached under) and running a build step.
 */
import { spawn } from 'child_process';
import { createHash } from 'crypto';
import { readdirSync, readFileSync } from 'fs';
import { join, relative } from 'path';

export const ROOT = join(__dirname, '..');

/** Files under `dir` (tests and build links left out), sorted so the hash is stable. */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];

  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);

    if (entry.name === '__tests__' || entry.name === '.shell' || entry.name === 'node_modules') {
      continue;
    }
    if (entry.isDirectory()) {
      out.push(...filesUnder(path));
    } else if (entry.isFile()) {
      out.push(path);
    }
  }

  return out.sort();
}

export function hashOf(files: string[]): string {
  const hash = createHash('sha256');

  for (const file of files) {
    hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file, 'latin1')).update('\0');
  }

  return hash.digest('hex').slice(0, 16);
}

export const LOCK = join(ROOT, 'package-lock.json');
/** The app config every dashboard is built with, the pinned shell's and the others'. */
export const APP_CONFIG = [join(ROOT, 'vue.config.js'), join(ROOT, 'babel.config.js')];

/** The `@rancher/shell` version of package.json: the one the extension is built with. */
export const PINNED_SHELL: string = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).dependencies['@rancher/shell'];

/** The shell whose dashboard is served: `RANCHER_SHELL` (a version such as 3.0.13), else the pinned one. */
export function shellVersion(): string {
  const version = (process.env.RANCHER_SHELL || '').trim() || PINNED_SHELL;

  if (!/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(version)) {
    throw new Error(`RANCHER_SHELL must be an exact @rancher/shell version such as 3.0.13, not "${ version }"`);
  }

  return version;
}

/**
 * Where a shell other than the pinned one is installed. jest.config.js maps `@shell/*` there
 * (same path) when the contract tests run with RANCHER_SHELL.
 */
export function shellDir(version: string): string {
  return join(ROOT, '.cache', 'shells', version);
}

export function run(command: string, args: string[], env: NodeJS.ProcessEnv, log: (line: string) => void, cwd = ROOT): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe']
    });
    const tail: string[] = [];
    const keep = (chunk: Buffer) => {
      tail.push(...chunk.toString().split('\n').filter(Boolean));
      tail.splice(0, Math.max(0, tail.length - 40));
    };

    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) {
        resolve();
      } else {
        log(tail.join('\n'));
        reject(new Error(`${ command } ${ args.join(' ') } exited with ${ code }`));
      }
    });
  });
}

export interface BuildResult { dir: string, built: boolean, seconds: number }
