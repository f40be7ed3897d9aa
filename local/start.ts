// `npm start`: the extension in the real Rancher dashboard, with no Rancher and no AWS account.
// Builds (or reuses) the dashboard and the extension, starts the local AWS endpoint and the fake
// Rancher API that serves both, and prints the URL. Ctrl-C stops everything.
//   PORT=8005 npm start      a fixed port (default: 8005, or a free one when that is taken)
//   DEMO_CLUSTERS=200 npm start   a fleet of 200 Amazon clusters (the demo's own and generated ones)
import { ensureDashboard, ensureExtension } from './builds';
import { startDemo } from './demo';

async function main() {
  const started = Date.now();
  const log = (line: string) => console.log(line);
  const [dashboard, extension] = [await ensureDashboard(log), await ensureExtension(log)];
  const demo = await startDemo({
    dashboardDir: dashboard.dir, extensionDir: extension.dir, port: Number(process.env.PORT || 8005), clusters: Number(process.env.DEMO_CLUSTERS || 0) || undefined
  });

  console.log([
    '',
    `Rancher dashboard with the Amazon Cloud Provider extension: ${ demo.url }`,
    `  new Amazon EC2 cluster:  ${ demo.url }${ demo.pages.createAmazonEc2 }`,
    `  existing EC2 cluster:    ${ demo.url }${ demo.pages.editExisting }`,
    `  its nodes:               ${ demo.url }${ demo.pages.detailExisting }`,
    `  new custom cluster:      ${ demo.url }${ demo.pages.createCustom }`,
    `  broken controller (1.33): ${ demo.url }${ demo.pages.detailBroken }`,
    `  ... fix it on its edit page: ${ demo.url }${ demo.pages.editBroken }`,
    `  every Amazon cluster (${ demo.amazonClusters }): ${ demo.url }${ demo.pages.fleet }`,
    `Local AWS endpoint: ${ demo.awsEndpointUrl }`,
    `API token (Authorization: Bearer): ${ demo.token }`,
    `  npx aws-cloud-provider-check fleet --rancher-url ${ demo.url } --token ${ demo.token }`,
    `Ready in ${ ((Date.now() - started) / 1000).toFixed(1) } s (dashboard ${ dashboard.built ? `built in ${ dashboard.seconds.toFixed(0) } s` : 'reused' }, extension ${ extension.built ? `built in ${ extension.seconds.toFixed(0) } s` : 'reused' }). Ctrl-C stops.`,
  ].join('\n'));

  const stop = async() => {
    await demo.close();
    process.exit(0);
  };

  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
