/** The extension as Rancher installs it, `dist-pkg/`, stamped with the sources it was built from (local/builds.ts). */
import { existsSync, readFileSync, statSync, writeFileSync } from 'fs';
import { join } from 'path';
import {
  BuildResult, LOCK, ROOT, filesUnder, hashOf, run
} from './build-common';

export const EXTENSION_NAME = 'aws-cloud-provider';
const EXTENSION_SOURCE = join(ROOT, 'pkg', EXTENSION_NAME);

export const EXTENSION_VERSION: string = JSON.parse(readFileSync(join(EXTENSION_SOURCE, 'package.json'), 'utf8')).version;
export const DIST_PKG = join(ROOT, 'dist-pkg');
const EXTENSION_DIST = join(DIST_PKG, `${ EXTENSION_NAME }-${ EXTENSION_VERSION }`);
const STAMP = '.source-hash';

export function extensionKey(): string {
  return hashOf([LOCK, join(ROOT, 'babel.config.js'), ...filesUnder(EXTENSION_SOURCE)]);
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
