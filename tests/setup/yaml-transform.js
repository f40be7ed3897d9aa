// Jest transform for .yaml imports, as the dashboard's js-yaml-loader does: the parsed document
// becomes the module's default export (the shell's i18n store imports its en-us.yaml this way).
const { load } = require('js-yaml');

module.exports = {
  process(source) {
    return { code: `module.exports = ${ JSON.stringify(load(source)) };` };
  },
};
