// Set-up when the tests run against another shell (RANCHER_SHELL, see jest.config.js). From 3.0.13
// the shell looks its images and JSON up through webpack's require.context
// (@shell/utils/require-asset), which has no meaning outside webpack; the module takes the
// contexts from outside for tests (`_setContexts`). These are what webpack's would be: the keys
// are the files under the shell's assets/ ('./images/providers/aws.svg'), an image resolves to
// its URL (here the file's path) and a JSON file to its parsed content; an unknown key throws,
// as webpack's context does.
const { readdirSync, statSync } = require('fs');
const { join } = require('path');

let requireAsset;

try {
  requireAsset = require('@shell/utils/require-asset');
} catch {
  // Shells before 3.0.13 import their assets directly.
}

if (requireAsset?._setContexts) {
  const assets = join(require.resolve('@shell/package.json'), '..', 'assets');
  const files = (dir) => readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)]));
  const context = (pattern, load) => {
    const keys = files(assets).filter((file) => pattern.test(file)).map((file) => `./${ file.slice(assets.length + 1) }`);
    const lookup = (key) => {
      if (!keys.includes(key)) {
        throw Object.assign(new Error(`Cannot find module '${ key }'`), { code: 'MODULE_NOT_FOUND' });
      }

      return load(join(assets, key));
    };

    return Object.assign(lookup, {
      keys: () => keys, resolve: (key) => join(assets, key), id: assets
    });
  };

  requireAsset._setContexts(context(/\.(svg|png|jpe?g|gif|ico|webp)$/, (file) => file), context(/\.json$/, (file) => require(file)));
}
