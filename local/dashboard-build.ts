/**
 * The Rancher dashboard without the extension, built once per shell and app config
 * (local/builds.ts).
 */
import {
  copyFileSync, existsSync, mkdirSync, renameSync, rmSync
} from 'fs';
import { dirname, join, relative } from 'path';
import {
  APP_CONFIG, BuildResult, LOCK, PINNED_SHELL, ROOT, hashOf, run, shellDir, shellVersion
} from './build-common';
import { ensureShell } from './shell-install';

export function dashboardKey(version = shellVersion()): string {
  if (version === PINNED_SHELL) {
    return hashOf([LOCK, ...APP_CONFIG]);
  }

  return hashOf([join(shellDir(version), 'package-lock.json'), ...APP_CONFIG]);
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
