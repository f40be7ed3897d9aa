/**
 * The two builds the local demo and the browser tests serve, each rebuilt only when its inputs
 * changed: the Rancher dashboard without the extension (minutes; depends only on the installed
 * shell and the app config) and the extension as Rancher installs it, `dist-pkg/` (about a
 * minute; depends on pkg/).
 *
 * The dashboard is the pinned shell's (`node_modules/@rancher/shell`) unless `RANCHER_SHELL`
 * names another version: that shell is installed into `.cache/shells/<version>/` (an app of its
 * own: `local/shells/<version>/package.json` and its lock when committed, the repository's
 * `vue.config.js` and `babel.config.js`), with Node 24 from the npm registry when the shell
 * needs it, and its dashboard is built there. The extension is always the one built with the
 * pinned shell: the artifact users install into whichever Rancher they run.
 */

import { spawn } from 'child_process';
import { createHash } from 'crypto';
import {
  copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync
} from 'fs';
import { delimiter, dirname, join, relative } from 'path';

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
/** The app config every dashboard is built with, the pinned shell's and the others'. */
const APP_CONFIG = [join(ROOT, 'vue.config.js'), join(ROOT, 'babel.config.js')];

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

/** The committed manifest (and lock) of a shell's app, when there is one. */
const SHELL_MANIFESTS = join(ROOT, 'local', 'shells');

export function dashboardKey(version = shellVersion()): string {
  if (version === PINNED_SHELL) {
    return hashOf([LOCK, ...APP_CONFIG]);
  }

  return hashOf([join(shellDir(version), 'package-lock.json'), ...APP_CONFIG]);
}

export function extensionKey(): string {
  return hashOf([LOCK, join(ROOT, 'babel.config.js'), ...filesUnder(EXTENSION_SOURCE)]);
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, log: (line: string) => void, cwd = ROOT): Promise<void> {
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

/** The Node 24 the shells from 3.0.10 on need (`engines.node >=24`): npm's `node-linux-<arch>` package. */
export const NODE_24 = '24.22.3';

/** `bin/` of Node `version`, fetched once from the npm registry into `.cache/node/<version>/`. */
export async function ensureNode(version: string, log: (line: string) => void = () => undefined): Promise<string> {
  const dir = join(ROOT, '.cache', 'node', version);
  const bin = join(dir, 'package', 'bin');

  if (existsSync(join(bin, 'node'))) {
    return bin;
  }
  log(`Fetching Node ${ version } from the npm registry (node-linux-${ process.arch }, about 50 MB), for the dashboard build only...`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  await run('npm', ['pack', '--silent', `node-linux-${ process.arch }@${ version }`], {}, log, dir);
  const tarball = readdirSync(dir).find((name) => name.endsWith('.tgz'));

  if (!tarball) {
    throw new Error(`npm pack node-linux-${ process.arch }@${ version } wrote no tarball`);
  }
  await run('tar', ['xzf', tarball], {}, log, dir);
  rmSync(join(dir, tarball));

  return bin;
}

/** The lowest major `engines.node` allows when it reads `>=N...` (all the shells' do), else 0. */
function minimumNodeMajor(engines: string | undefined): number {
  const match = /^\s*>=\s*v?(\d+)/.exec(engines || '');

  return match ? Number(match[1]) : 0;
}

export interface Shell {
  version: string;
  /** The app folder: `package.json`, `node_modules/@rancher/shell`, the app config. */
  dir: string;
  /** `PATH` with the Node the shell asks for first (the current one's when it suffices). */
  path: string;
  /** The Node version that builds this shell's dashboard. */
  node: string;
}

const INSTALL_STAMP = '.install-hash';

/** The shell's app manifest: committed in local/shells/<version>/, else the template's. */
function shellManifest(version: string): { packageJson: string, lock?: string } {
  const committed = join(SHELL_MANIFESTS, version);

  if (existsSync(join(committed, 'package.json'))) {
    const lock = join(committed, 'package-lock.json');

    return { packageJson: readFileSync(join(committed, 'package.json'), 'utf8'), lock: existsSync(lock) ? readFileSync(lock, 'utf8') : undefined };
  }
  // Any other version: what the committed ones hold. A version whose dependencies the registry
  // lacks (3.0.13's @rancher/icons 2.0.62) needs a committed manifest with an override.
  const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

  return {
    packageJson: `${ JSON.stringify({
      name:            `rancher-dashboard-shell-${ version }`,
      private:         true,
      dependencies:    { '@rancher/shell': version },
      devDependencies: { '@vue/cli-plugin-typescript': root.devDependencies['@vue/cli-plugin-typescript'] },
      overrides:       root.overrides,
    }, null, 2) }\n`
  };
}

/**
 * The shell `version` installed as an app of its own in `.cache/shells/<version>/` (never in
 * the repository's node_modules): `npm ci` from the committed lock, or `npm install` without one.
 * Reinstalled only when the manifest changes. The pinned shell is the repository's own install.
 */
export async function ensureShell(version = shellVersion(), log: (line: string) => void = () => undefined): Promise<Shell> {
  if (version === PINNED_SHELL) {
    return {
      version, dir: ROOT, path: process.env.PATH || '', node: process.versions.node
    };
  }
  const dir = shellDir(version);
  const manifest = shellManifest(version);
  const stamp = createHash('sha256').update(manifest.packageJson).update('\0').update(manifest.lock || '')
    .digest('hex')
    .slice(0, 16);
  const installed = join(dir, 'node_modules', '@rancher', 'shell', 'package.json');
  // Node is decided by the shell's engines: the registry's word before the install, the
  // installed package's after it.
  const engines = existsSync(installed) ? JSON.parse(readFileSync(installed, 'utf8')).engines?.node : await registryEngines(version, log);
  const needs = minimumNodeMajor(engines);

  if (needs > Number(NODE_24.split('.')[0])) {
    throw new Error(`@rancher/shell ${ version } needs Node ${ engines }; local/builds.ts knows Node ${ NODE_24 } at most`);
  }
  const bin = needs > Number(process.versions.node.split('.')[0]) ? await ensureNode(NODE_24, log) : undefined;
  const shell: Shell = {
    version,
    dir,
    path: bin ? `${ bin }${ delimiter }${ process.env.PATH || '' }` : process.env.PATH || '',
    node: bin ? NODE_24 : process.versions.node,
  };

  if (existsSync(installed) && existsSync(join(dir, INSTALL_STAMP)) && readFileSync(join(dir, INSTALL_STAMP), 'utf8') === stamp &&
      JSON.parse(readFileSync(installed, 'utf8')).version === version) {
    return shell;
  }
  log(`Installing @rancher/shell ${ version } into ${ relative(ROOT, dir) }/ (Node ${ shell.node }; a few minutes, about 1 GB)...`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), manifest.packageJson);
  if (manifest.lock) {
    writeFileSync(join(dir, 'package-lock.json'), manifest.lock);
  }
  copyFileSync(join(ROOT, '.npmrc'), join(dir, '.npmrc'));
  // Cypress (a shell dependency) would download a binary we neither need nor can fetch.
  await run('npm', [manifest.lock ? 'ci' : 'install', '--no-audit', '--no-fund'], { CYPRESS_INSTALL_BINARY: '0', PATH: shell.path }, log, dir);
  writeFileSync(join(dir, INSTALL_STAMP), stamp);

  return shell;
}

/** `engines.node` of a shell version, asked of the registry (one look-up, before its install). */
function registryEngines(version: string, log: (line: string) => void): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['view', '--json', `@rancher/shell@${ version }`, 'engines'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';

    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.stderr.on('data', (chunk) => {
      err += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0 || !out.trim()) {
        log(err);
        reject(new Error(`npm view @rancher/shell@${ version } failed: is it a published version?`));
      } else {
        resolve(JSON.parse(out).node);
      }
    });
  });
}

/**
 * The dashboard (production build of the shell with no extension compiled in); built when no
 * build for the current key exists. The pinned shell's lives under `.cache/dashboard/<key>/`
 * (key: package-lock.json and the app config); another shell's (`RANCHER_SHELL` or `version`)
 * under `.cache/shells/<version>/dashboard/<key>/` (key: that shell's lock and the app config).
 */
export async function ensureDashboard(log: (line: string) => void = () => undefined, version = shellVersion()): Promise<BuildResult> {
  const started = Date.now();

  if (version === PINNED_SHELL) {
    return buildDashboard(join(ROOT, '.cache', 'dashboard'), join(ROOT, '.cache', 'dashboard.partial'), dashboardKey(version), ROOT, process.env.PATH || '', log, started);
  }
  const shell = await ensureShell(version, log);

  // The repository's own app config, copied verbatim: beside this shell's node_modules its
  // `require('@rancher/shell/...')` and `__dirname` are this shell's.
  for (const file of APP_CONFIG) {
    copyFileSync(file, join(shell.dir, relative(ROOT, file)));
  }

  return buildDashboard(join(shell.dir, 'dashboard'), join(shell.dir, 'dashboard.partial'), dashboardKey(version), shell.dir, shell.path, log, started, `@rancher/shell ${ version }, Node ${ shell.node }`);
}

async function buildDashboard(cache: string, partial: string, key: string, app: string, path: string, log: (line: string) => void, started: number, which = ''): Promise<BuildResult> {
  const dir = join(cache, key);

  if (existsSync(join(dir, 'index.html'))) {
    return {
      dir, built: false, seconds: 0
    };
  }
  log(`Building the Rancher dashboard${ which ? ` (${ which })` : '' } (once per installed shell version: about 2-4 minutes, 3.5 GB of memory)...`);
  // Built beside the cache and moved in when done: a half-written build never counts.
  rmSync(partial, { recursive: true, force: true });
  await run(join(app, 'node_modules', '.bin', 'vue-cli-service'), ['build'], {
    NODE_ENV: 'production', DASHBOARD_WITHOUT_EXTENSION: 'true', OUTPUT_DIR: partial, PATH: path
  }, log, app);
  // Older builds only take space (about 13 MB each).
  rmSync(cache, { recursive: true, force: true });
  mkdirSync(dirname(dir), { recursive: true });
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

// `tsx local/builds.ts --install-shell`: installs RANCHER_SHELL's shell (nothing for the pinned
// one), for the contract tests, which read its source. `--build-dashboard`: that and its dashboard.
if (require.main === module && ['--install-shell', '--build-dashboard'].includes(process.argv[2])) {
  const log = (line: string) => console.log(line);
  const done = process.argv[2] === '--install-shell' ? ensureShell(shellVersion(), log).then((shell) => `@rancher/shell ${ shell.version }: ${ relative(ROOT, shell.dir) || '.' }/node_modules/@rancher/shell`) : ensureDashboard(log).then((dashboard) => `dashboard of @rancher/shell ${ shellVersion() }: ${ relative(ROOT, dashboard.dir) } (${ dashboard.built ? `built in ${ dashboard.seconds.toFixed(0) } s` : 'reused' })`);

  done.then(log).catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
