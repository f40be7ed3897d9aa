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
 *
 * Here: the command line (flags below) and what other files import. The builds: build-common.ts
 * (paths, versions, hashes, running a step), shell-install.ts (another shell, Node 24),
 * dashboard-build.ts, extension-build.ts (dist-pkg/ and its stamp).
 */

import { relative } from 'path';
import { ROOT, shellVersion } from './build-common';
import { ensureShell } from './shell-install';
import { ensureDashboard } from './dashboard-build';
import { markExtensionBuilt } from './extension-build';

export {
  PINNED_SHELL, ROOT, shellDir, shellVersion
} from './build-common';
export type { BuildResult } from './build-common';
export {
  NODE_24, ensureNode, ensureShell
} from './shell-install';
export type { Shell } from './shell-install';
export { dashboardKey, ensureDashboard } from './dashboard-build';
export {
  DIST_PKG, EXTENSION_NAME, EXTENSION_VERSION, ensureExtension, extensionKey, markExtensionBuilt
} from './extension-build';

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
