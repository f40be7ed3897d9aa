/**
 * A shell other than the pinned one, installed as an app of its own in `.cache/shells/<version>/`,
 * with Node 24 fetched from the npm registry when that shell needs it (local/builds.ts).
 */
import { spawn } from 'child_process';
import { createHash } from 'crypto';
import {
  copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync
} from 'fs';
import { delimiter, join, relative } from 'path';
import {
  PINNED_SHELL, ROOT, run, shellDir, shellVersion
} from './build-common';

/** The committed manifest (and lock) of a shell's app, when there is one. */
const SHELL_MANIFESTS = join(ROOT, 'local', 'shells');

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
