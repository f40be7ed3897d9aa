// The .vue transform when the tests run against another shell (RANCHER_SHELL, see jest.config.js):
// @vue/vue3-jest, with TypeScript registered in @vue/compiler-sfc first. Newer shells (3.0.13's
// rancher-components/RcButton) declare props with types imported from other files, which
// compileScript can resolve only through TypeScript's file system (without it: "No fs option
// provided to `compileScript` in non-Node environment"). The shell's own build gets the same
// from vue-loader.
const { registerTS } = require('@vue/compiler-sfc');

registerTS(() => require('typescript'));

module.exports = require('@vue/vue3-jest');
