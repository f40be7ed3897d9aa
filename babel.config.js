// Jest runs our TypeScript and the shell's ES modules through Babel for Node; builds use the
// shell's own configuration. The shell's test-mode plugins (istanbul, require-context) are not
// needed for our tests, so the test branch does not delegate.
module.exports = function(api) {
  if (process.env.NODE_ENV === 'test') {
    api.cache(true);

    return {
      presets: [
        ['@babel/preset-env', { targets: { node: 'current' } }],
        '@babel/preset-typescript',
      ],
    };
  }

  return require('@rancher/shell/babel.config.js')(api);
};
