// Benchmark: the fleet page at scale, in Debian's Chromium, in the real dashboard loading the
// built extension: a world of DEMO_CLUSTERS Amazon clusters (default 200) verified with "Verify
// all" through the fake Rancher's /meta/proxy and cluster proxy. Prints numbers, asserts nothing
// but the verdicts (a wrong one is an error):
//   npm run bench:fleet            DEMO_CLUSTERS=500 npm run bench:fleet
// - the page's render time: the page's own User Timing measures ("read" = the API reads of the
//   clusters, configs and credentials; "rendered" = data in → the next frame after the table);
// - Verify all: wall time (click → every row verified), AWS calls (at the proxy and at the AWS
//   endpoint), Rancher API calls (cluster proxy), peak concurrent requests at the proxy and API;
// - long tasks (PerformanceObserver 'longtask') while verifying: count, longest, and any over 200 ms;
// - the time to render the last results, and the cluster list's render with the badges.
// Screenshots go to test-results/fleet/. BENCH_PROFILE=1 also records a CPU profile of Verify all
// (test-results/fleet/verify.cpuprofile, for Chromium's DevTools) and prints where its time went.
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { ensureDashboard, ensureExtension, ROOT } from '@local/builds';
import { startDemo } from '@local/demo';
import { clustersForTotal } from '@local/fake-rancher/fleet';
import { launchChromium } from '@tests/e2e/browser';
import type { CDPSession } from 'playwright-core';

interface ProfileNode { id: number, callFrame: { functionName: string, url: string, lineNumber: number, columnNumber: number }, children?: number[] }
interface Profile { nodes: ProfileNode[], samples: number[], timeDeltas: number[] }

/** Where the profile's time went: self and inclusive time of its heaviest functions (script file:line:column). */
function profileSummary(profile: Profile, top = 25): string[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();

  profile.nodes.forEach((node) => (node.children || []).forEach((child) => parent.set(child, node.id)));
  const name = (node: ProfileNode) => {
    const {
      functionName, url, lineNumber, columnNumber
    } = node.callFrame;

    return `${ functionName || '(anonymous)' } ${ url.split('/').pop() || '' }:${ lineNumber + 1 }:${ columnNumber + 1 }`;
  };
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let busy = 0;

  profile.samples.forEach((sample, i) => {
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const node = byId.get(sample) as ProfileNode;

    if (['(idle)', '(program)'].includes(node.callFrame.functionName)) {
      return;
    }
    busy += ms;
    self.set(name(node), (self.get(name(node)) || 0) + ms);
    const seen = new Set<string>();

    for (let at: number | undefined = sample; at !== undefined; at = parent.get(at)) {
      const key = name(byId.get(at) as ProfileNode);

      if (!seen.has(key)) {
        seen.add(key);
        inclusive.set(key, (inclusive.get(key) || 0) + ms);
      }
    }
  });
  const list = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]).slice(0, top).map(([key, ms]) => `  ${ ms.toFixed(0).padStart(6) } ms  ${ key }`);

  return [`CPU busy while verifying: ${ busy.toFixed(0) } ms`, 'self time:', ...list(self), 'inclusive time:', ...list(inclusive)];
}

const SHOTS = join(ROOT, 'test-results', 'fleet');
const LONG_TASK_LIMIT_MS = 200;

interface LongFrame { start: number, ms: number, renderMs: number, scripts: string[] }

async function main() {
  const total = Number(process.env.DEMO_CLUSTERS || 200);

  mkdirSync(SHOTS, { recursive: true });
  const [dashboard, extension] = [await ensureDashboard(console.log), await ensureExtension(console.log)];
  const demo = await startDemo({
    dashboardDir: dashboard.dir, extensionDir: extension.dir, clusters: total
  });
  const browser = await launchChromium();
  const generated = clustersForTotal(total);
  const shot = (name: string) => join(SHOTS, `${ name }.png`);

  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });

    await page.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort()));
    // Long tasks from the first moment, kept in the page; and the long animation frames over the
    // limit with the scripts that ran in them (what a long task was).
    await page.addInitScript((limit) => {
      const tasks: { start: number, duration: number }[] = [];
      const frames: LongFrame[] = [];

      Object.assign(window, { longTasks: tasks, longFrames: frames });
      new PerformanceObserver((list) => list.getEntries().forEach((entry) => tasks.push({ start: entry.startTime, duration: entry.duration }))).observe({ type: 'longtask', buffered: true });
      try {
        new PerformanceObserver((list) => list.getEntries().forEach((entry) => {
          const frame = entry as unknown as { startTime: number, duration: number, renderStart: number, scripts: { invoker: string, sourceURL: string, sourceFunctionName: string, duration: number }[] };

          if (frame.duration > limit) {
            frames.push({
              start:    frame.startTime,
              ms:       Math.round(frame.duration),
              // Style, layout and paint: from the frame's render start to its end.
              renderMs: Math.round(frame.renderStart ? frame.startTime + frame.duration - frame.renderStart : 0),
              scripts:  frame.scripts.map((script) => `${ script.invoker } ${ script.sourceFunctionName || '' } ${ script.sourceURL.split('/').pop() } ${ Math.round(script.duration) } ms`),
            });
          }
        })).observe({ type: 'long-animation-frame', buffered: true });
      } catch {
        // No Long Animation Frames in this browser: the long tasks only.
      }
    }, LONG_TASK_LIMIT_MS);
    const opened = Date.now();

    await page.goto(`${ demo.url }${ demo.pages.fleet }`);
    await page.locator('[data-testid="fleet-verify-all"]').waitFor({ timeout: 180000 });
    const openSeconds = (Date.now() - opened) / 1000;

    await page.waitForFunction(() => performance.getEntriesByName('aws-cloud-provider:fleet-rendered').length > 0);
    const [read, rendered] = await page.evaluate(() => ['aws-cloud-provider:fleet-read', 'aws-cloud-provider:fleet-rendered'].map((name) => performance.getEntriesByName(name).pop()?.duration || 0));
    const listed = await page.locator('[data-testid="fleet-cluster"]').count();

    await page.screenshot({ path: shot('01-fleet-listed'), fullPage: true });

    const proxiedBefore = demo.rancher.proxied.length;
    const awsBefore = demo.aws.requests.length;
    const downstreamBefore = demo.rancher.requests.filter((r) => r.path.startsWith('/k8s/clusters/')).length;

    demo.rancher.concurrency.reset();
    let cdp: CDPSession | undefined;

    if (process.env.BENCH_PROFILE) {
      cdp = await page.context().newCDPSession(page);
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
      await cdp.send('Profiler.start');
    }
    const clicked = Date.now();

    await page.locator('[data-testid="fleet-verify-all"]').click();
    await page.locator('[data-testid="fleet-progress"]').waitFor();
    // Half way: the progress bar and the first verdicts.
    await page.waitForFunction((half) => Number((document.querySelector('[data-testid="fleet-progress"]') as HTMLProgressElement | null)?.value || 0) >= half, Math.floor(total / 2), { timeout: 600000 }).catch(() => undefined);
    await page.screenshot({ path: shot('02-fleet-verifying') });
    await page.locator('[data-testid="fleet-message"]').waitFor({ timeout: 900000 });
    const wallSeconds = (Date.now() - clicked) / 1000;
    const message = await page.locator('[data-testid="fleet-message"]').innerText();
    const summary: string[] = [];

    if (cdp) {
      const { profile } = await cdp.send('Profiler.stop') as unknown as { profile: Profile };

      writeFileSync(join(SHOTS, 'verify.cpuprofile'), JSON.stringify(profile));
      summary.push(...profileSummary(profile));
      await cdp.detach();
    }

    await page.waitForFunction(() => performance.getEntriesByName('aws-cloud-provider:fleet-results-rendered').length > 0);
    const timing = await page.evaluate(() => {
      const verify = performance.getEntriesByName('aws-cloud-provider:fleet-verify').pop();
      const resultsRendered = performance.getEntriesByName('aws-cloud-provider:fleet-results-rendered').pop();
      const start = verify?.startTime || 0;
      const end = start + (verify?.duration || 0);
      const tasks = (window as unknown as { longTasks: { start: number, duration: number }[] }).longTasks.filter((task) => task.start >= start && task.start <= end);
      const frames = (window as unknown as { longFrames: LongFrame[] }).longFrames.filter((frame) => frame.start >= start && frame.start <= end);

      return {
        verifyMs: verify?.duration || 0, resultsRenderedMs: resultsRendered?.duration || 0, longTasks: tasks.length, longest: Math.max(0, ...tasks.map((task) => task.duration)), over: tasks.filter((task) => task.duration > 200).map((task) => Math.round(task.duration)), frames,
      };
    });
    const proxied = demo.rancher.proxied.length - proxiedBefore;
    const awsCalls = demo.aws.requests.length - awsBefore;
    const downstream = demo.rancher.requests.filter((r) => r.path.startsWith('/k8s/clusters/')).length - downstreamBefore;
    const verdicts = await page.evaluate(() => {
      const counts: Record<string, number> = {};

      // Every page of the table: the stored results say every cluster's verdict.
      const stored = JSON.parse(window.localStorage.getItem('aws-cloud-provider:fleet:user-admin') || '{"results":{}}').results as Record<string, { verdict: string }>;

      for (const result of Object.values(stored)) {
        counts[result.verdict] = (counts[result.verdict] || 0) + 1;
      }

      return counts;
    });
    const storedBytes = await page.evaluate(() => (window.localStorage.getItem('aws-cloud-provider:fleet:user-admin') || '').length);

    await page.screenshot({ path: shot('03-fleet-verified'), fullPage: true });
    // Worst first: sort by the verdict.
    await page.locator('th', { hasText: 'Last verification' }).click();
    await page.screenshot({ path: shot('04-fleet-sorted-by-verdict') });
    const failing = generated.find((cluster) => cluster.problem === 'missingProfile');

    if (failing) {
      await page.locator('input[type="search"]').fill(failing.name);
      await page.locator(`[data-testid="fleet-show-report"][data-cluster="${ failing.name }"]`).click();
      await page.locator('[data-testid="fleet-report"]').waitFor();
      await page.locator('[data-testid="fleet-report"]').screenshot({ path: shot('05-fleet-report-failing-cluster') });
    }

    // Rancher's cluster list with the badges.
    const listStarted = Date.now();

    await page.goto(`${ demo.url }${ demo.pages.clusters }`);
    await page.locator('[data-testid="aws-cloud-provider-verdict"]').first().waitFor({ timeout: 180000 });
    const listSeconds = (Date.now() - listStarted) / 1000;
    const badges = await page.locator('[data-testid="aws-cloud-provider-verdict"]').count();

    await page.screenshot({ path: shot('06-cluster-list-badges') });

    // What the world says each cluster is: the demo's own three, then the generated ones.
    const expected = {
      fail: 2 + generated.filter((cluster) => cluster.problem === 'missingProfile').length,
      warn: 1 + generated.filter((cluster) => cluster.problem === 'untaggedSubnet').length,
      pass: generated.filter((cluster) => !cluster.problem).length,
    };

    if (verdicts.fail !== expected.fail || verdicts.warn !== expected.warn || (verdicts.pass || 0) !== expected.pass) {
      throw new Error(`wrong verdicts: ${ JSON.stringify(verdicts) }, expected ${ JSON.stringify(expected) } (and custom-demo fails: no controller)`);
    }

    console.log([
      `Fleet of ${ total } Amazon clusters (${ generated.length } generated), ${ listed } listed on the first page of the table`,
      '',
      '| measure | value |',
      '| --- | --- |',
      `| open the page (navigation → Verify all shown) | ${ openSeconds.toFixed(1) } s |`,
      `| read clusters, EC2 configs, credentials (User Timing) | ${ read.toFixed(0) } ms |`,
      `| render the table (data in → next frame) | ${ rendered.toFixed(0) } ms |`,
      `| Verify all, wall time (click → "${ message }") | ${ wallSeconds.toFixed(1) } s (page's own measure ${ (timing.verifyMs / 1000).toFixed(1) } s) |`,
      `| AWS calls through /meta/proxy | ${ proxied } (${ (proxied / total).toFixed(1) } per cluster; ${ awsCalls } at the AWS endpoint) |`,
      `| Rancher cluster-proxy reads (nodes, controller) | ${ downstream } |`,
      `| peak concurrent requests at /meta/proxy | ${ demo.rancher.concurrency.proxy.peak } |`,
      `| peak concurrent API requests (cluster proxy and the rest) | ${ demo.rancher.concurrency.api.peak } |`,
      `| long tasks while verifying | ${ timing.longTasks }, longest ${ timing.longest.toFixed(0) } ms, over ${ LONG_TASK_LIMIT_MS } ms: ${ timing.over.length ? timing.over.join(', ') : 'none' } |`,
      `| render the last results (flush → next frame) | ${ timing.resultsRenderedMs.toFixed(0) } ms |`,
      `| verdicts | ${ Object.entries(verdicts).map(([verdict, count]) => `${ verdict } ${ count }`).join(', ') } |`,
      `| stored in the browser | ${ (storedBytes / 1024).toFixed(0) } KiB |`,
      `| cluster list with badges (navigation → first badge) | ${ listSeconds.toFixed(1) } s, ${ badges } badges on its first page |`,
      '',
      `Screenshots: ${ SHOTS }`,
      ...(timing.frames.length ? [`Animation frames over ${ LONG_TASK_LIMIT_MS } ms while verifying (at, length, rendering, the scripts in them):`] : []),
      ...timing.frames.map((frame) => `  @${ (frame.start / 1000).toFixed(1) } s ${ frame.ms } ms (render ${ frame.renderMs } ms): ${ frame.scripts.join('; ') || 'no script' }`),
      ...summary,
    ].join('\n'));
    if (timing.over.length) {
      process.exitCode = 1;
    }
  } finally {
    await browser.close();
    await demo.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
