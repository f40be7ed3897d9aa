/**
 * The two builds the local demo and the browser tests serve, each rebuilt only when its inputs
 * changed: the Rancher dashboard without the extension (minutes; depends only on the installed
 * shell and the app config) and the extension as Rancher installs it, `dist-pkg/` (about a
 * minute; depends on pkg/).
 */

import { spawn } from 'child_process';
import { createHash } from 'crypto';
import {
  existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync
} from 'fs';
import { join, relative } from 'path';

export const ROOT = join(__dirname, '..');
export const EXTENSION_NAME = 'aws-cloud-provider';
const EXTENSION_SOURCE = join(ROOT, 'pkg', EXTENSION_NAME);

export const EXTENSION_VERSION: string = JSON.parse(readFileSync(join(EXTENSION_SOURCE, 'package.json'), 'utf8')).version;
export const DIST_PKG = join(ROOT, 'dist-pkg');
const EXTENSION_DIST = join(DIST_PKG, `${ EXTENSION_NAME }-${ EXTENSION_VERSION }`);
const STAMP = '.source-hash';

/** Files under `dir` (tests and build links left out), sorted so the hash is stable. */
function filesUnder(dir: string): string[] {
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

function hashOf(files: string[]): string {
  const hash = createHash('sha256');

  for (const file of files) {
    hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file, 'latin1')).update('\0');
  }

  return hash.digest('hex').slice(0, 16);
}

const LOCK = join(ROOT, 'package-lock.json');

export function dashboardKey(): string {
  return hashOf([LOCK, join(ROOT, 'vue.config.js'), join(ROOT, 'babel.config.js')]);
}

export function extensionKey(): string {
  return hashOf([LOCK, join(ROOT, 'babel.config.js'), ...filesUnder(EXTENSION_SOURCE)]);
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe']
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

/**
 * The dashboard (production build of the shell with no extension compiled in), under
 * `.cache/dashboard/<key>/`; built when no build for the current key exists.
 */
export async function ensureDashboard(log: (line: string) => void = () => undefined): Promise<BuildResult> {
  const started = Date.now();
  const cache = join(ROOT, '.cache', 'dashboard');
  const dir = join(cache, dashboardKey());

  if (existsSync(join(dir, 'index.html'))) {
    return {
      dir, built: false, seconds: 0
    };
  }
  log('Building the Rancher dashboard (once per installed shell version: about 2-4 minutes, 3.5 GB of memory)...');
  // Built beside the cache and moved in when done: a half-written build never counts.
  const partial = join(ROOT, '.cache', 'dashboard.partial');

  rmSync(partial, { recursive: true, force: true });
  await run(join(ROOT, 'node_modules', '.bin', 'vue-cli-service'), ['build'], {
    NODE_ENV: 'production', DASHBOARD_WITHOUT_EXTENSION: 'true', OUTPUT_DIR: partial
  }, log);
  // Older builds only take space (about 13 MB each).
  rmSync(cache, { recursive: true, force: true });
  mkdirSync(cache, { recursive: true });
  renameSync(partial, dir);

  return {
    dir, built: true, seconds: (Date.now() - started) / 1000
  };
}

/** The built extension in `dist-pkg/`, rebuilt when pkg/ changed since it was built. */
export async function ensureExtension(log: (line: string) => void = () => undefined): Promise<BuildResult> {
  const started = Date.now();
  const stamp = join(EXTENSION_DIST, STAMP);
  const umd = join(EXTENSION_DIST, `${ EXTENSION_NAME }-${ EXTENSION_VERSION }.umd.min.js`);

  if (existsSync(umd) && existsSync(stamp) && readFileSync(stamp, 'utf8') === extensionKey()) {
    return {
      dir: DIST_PKG, built: false, seconds: 0
    };
  }
  log('Building the extension (about a minute)...');
  // `npm run build` stamps dist-pkg/ with the sources it was built from.
  // As from a terminal: under jest NODE_ENV is "test", which changes how webpack resolves packages.
  await run('npm', ['run', '--silent', 'build'], { NODE_ENV: 'production' }, log);

  return {
    dir: DIST_PKG, built: true, seconds: (Date.now() - started) / 1000
  };
}

/** Records which sources `dist-pkg/` was built from; `npm run build` calls this after building. */
export function markExtensionBuilt(key = extensionKey()): void {
  if (statSync(EXTENSION_DIST, { throwIfNoEntry: false })?.isDirectory()) {
    writeFileSync(join(EXTENSION_DIST, STAMP), key);
  }
}

if (require.main === module && process.argv[2] === '--mark-extension-built') {
  markExtensionBuilt();
}
