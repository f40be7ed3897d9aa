// Benchmark: how long the panel's main thread works to show a verification report once the data
// has arrived, in Debian's Chromium, in the real dashboard loading the built extension. For the
// demo world (3 nodes, red), the same world tagged (green), and 1,000 and 5,000 more nodes (two of
// them failing). It also writes a screenshot of each report to test-results/render/.
//   npm run bench:render
// The figures are the page's own User Timing measures: "rendered" = results assigned → Vue has
// patched the DOM; "painted" = → the next frame after it (style, layout and paint included).
import { mkdirSync } from 'fs';
import { join } from 'path';
import { ensureDashboard, ensureExtension, ROOT } from '@local/builds';
import { startDemo } from '@local/demo';
import { Scenario, ScenarioInstance } from '@local/aws-endpoint/scenario';
import { awsScenario } from '@local/fake-rancher/aws-scenario';
import { EC2_CLUSTER } from '@local/fake-rancher/ec2-demo';
import { PROFILES, SUBNETS } from '@local/fake-rancher/ids';
import { launchChromium } from '@tests/e2e/browser';

const SHOTS = join(ROOT, 'test-results', 'render');

interface Case { name: string, scenario: () => Scenario, expect: RegExp }

/** `count` more running instances of the cluster like its workers; the last two lack a profile. */
function withMoreNodes(count: number): Scenario {
  const scenario = awsScenario();
  const instances = scenario.instances || [];
  const template = instances.find((instance) => instance.InstanceProfile === PROFILES.worker) as ScenarioInstance;

  scenario.instances = instances;
  for (let i = 0; i < count; i++) {
    instances.push({
      ...template,
      InstanceId:       `i-${ (0x1000000 + i).toString(16).padStart(17, '0') }`,
      PrivateDnsName:   `ip-10-1-${ Math.floor(i / 250) }-${ i % 250 }.ec2.internal`,
      PrivateIpAddress: `10.1.${ Math.floor(i / 250) }.${ i % 250 }`,
      InstanceProfile:  i >= count - 2 ? undefined : template.InstanceProfile,
    });
  }

  return scenario;
}

/** The demo world with its one problem fixed: every check passes. */
function green(): Scenario {
  const scenario = awsScenario();
  const subnet = scenario.subnets?.find((s) => s.SubnetId === SUBNETS.ec2Nodes);

  if (!subnet) {
    throw new Error(`the demo world no longer has the subnet ${ SUBNETS.ec2Nodes }`);
  }

  subnet.Tags = [...(subnet.Tags || []), { Key: `kubernetes.io/cluster/${ EC2_CLUSTER.managementId }`, Value: 'owned' }];

  return scenario;
}

const CASES: Case[] = [
  {
    name: 'red (3 nodes)', scenario: awsScenario, expect: /^1 failed/
  },
  {
    name: 'green (3 nodes)', scenario: green, expect: /^0 failed, 0 could not be verified, 0 warnings/
  },
  {
    name: '1,000 more nodes', scenario: () => withMoreNodes(1000), expect: /^3 failed/
  },
  {
    name: '5,000 more nodes', scenario: () => withMoreNodes(5000), expect: /^3 failed/
  },
];

async function measure(testCase: Case, dashboardDir: string, extensionDir: string) {
  const demo = await startDemo({
    dashboardDir, extensionDir, scenario: testCase.scenario()
  });
  const browser = await launchChromium();

  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });

    await page.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort()));
    await page.goto(`${ demo.url }${ demo.pages.editExisting }`);
    await page.locator('[data-testid="aws-cloud-provider"]').click({ timeout: 90000 });
    const tab = page.locator('[data-testid="aws-cloud-provider-tab"]');
    const started = Date.now();

    await tab.locator('[data-testid="verify-all"]').click();
    const summary = tab.locator('[data-testid="verification-summary"]');

    await summary.waitFor({ timeout: 300000 });
    const verifySeconds = (Date.now() - started) / 1000;
    const text = await summary.innerText();

    if (!testCase.expect.test(text)) {
      throw new Error(`${ testCase.name }: expected a report matching ${ testCase.expect }, got "${ text }"`);
    }
    await page.waitForFunction(() => performance.getEntriesByName('aws-cloud-provider:painted').length > 0);
    const [rendered, painted] = await page.evaluate(() => ['aws-cloud-provider:rendered', 'aws-cloud-provider:painted'].map((name) => performance.getEntriesByName(name).pop()?.duration || 0));
    const elements = await tab.locator('[data-testid="verification-results"] *').count();
    const results = tab.locator('[data-testid="verification-results"]');

    await results.evaluate((element) => element.scrollIntoView());
    await results.screenshot({ path: join(SHOTS, `${ testCase.name.replace(/[^a-z0-9]+/gi, '-').replace(/-$/, '') }.png`) });

    return {
      rendered, painted, elements, verifySeconds, summary: text
    };
  } finally {
    await browser.close();
    await demo.close();
  }
}

async function main() {
  mkdirSync(SHOTS, { recursive: true });
  const [dashboard, extension] = [await ensureDashboard(console.log), await ensureExtension(console.log)];
  const rows: string[] = [];

  for (const testCase of CASES) {
    const r = await measure(testCase, dashboard.dir, extension.dir);

    rows.push(`| ${ testCase.name } | ${ r.rendered.toFixed(1) } | ${ r.painted.toFixed(1) } | ${ r.elements } | ${ r.verifySeconds.toFixed(1) } | ${ r.summary } |`);
  }
  console.log([
    '| report | rendered (ms) | next frame (ms) | DOM elements | verify, click to report (s) | summary |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    `Screenshots: ${ SHOTS }`,
  ].join('\n'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
