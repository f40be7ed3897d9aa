const shellConfig = require('@rancher/shell/vue.config'); // eslint-disable-line @typescript-eslint/no-var-requires

/**
 * The dashboard app. `npm run dev` serves the shell with this repository's `pkg/` compiled in.
 * With DASHBOARD_WITHOUT_EXTENSION=true (what `npm start` and the browser tests build) the
 * extension is left out, so the dashboard loads the built `dist-pkg/` UMD at run time, exactly
 * as Rancher loads an installed extension.
 */
const withoutExtension = process.env.DASHBOARD_WITHOUT_EXTENSION === 'true';
const config = shellConfig(__dirname, { excludes: withoutExtension ? ['aws-cloud-provider'] : [] });
const configureShell = config.configureWebpack;

config.configureWebpack = (webpackConfig) => {
  configureShell(webpackConfig);

  for (const rule of webpackConfig.module.rules) {
    for (const use of [].concat(rule.use || [])) {
      if (use && /ts-loader/.test(use.loader || '')) {
        // The shell compiles TypeScript with its own tsconfig, whose rootDir does not hold pkg/:
        // every file there would report TS6059 although it compiles.
        use.options.ignoreDiagnostics = [...(use.options.ignoreDiagnostics || []), 6059];
        // Production builds run ts-loader inside thread-loader; without this a build with an
        // empty cache fails with "Thread Loader ... reading 'buildMeta'".
        use.options.happyPackMode = true;
      }
    }
  }

  if (withoutExtension) {
    // Source maps double the build time of a dashboard nobody debugs here.
    webpackConfig.devtool = false;
  }
};

// Type-checking is `npm run typecheck`'s job: inside the build it would check every file the
// root tsconfig names (tests included) and fail the dashboard for a test's typing.
config.chainWebpack = (chain) => {
  chain.plugins.delete('fork-ts-checker');
};

if (config.devServer) {
  config.devServer.client = { ...(config.devServer.client || {}), overlay: false };
}

module.exports = config;
