/**
 * Debian's Chromium driven by playwright-core, with what every end-to-end test checks: no error
 * raised by the extension, text without HTML entities, and a screenshot of each step.
 */

import { mkdirSync } from 'fs';
import { join } from 'path';
import {
  Browser, ConsoleMessage, Locator, Page, chromium
} from 'playwright-core';
import { HTML_ENTITY } from '../setup/plain-text';
import { ensureDashboard, ensureExtension } from '@local/builds';
import { Demo, DemoOptions, startDemo } from '@local/demo';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const SHOTS_DIR = join(__dirname, '..', '..', 'test-results', 'e2e');

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    // As root in a sandbox-less container, and with no network: no sandbox, and none of the
    // background connections Chromium would otherwise try (and fail) at every start.
    args:           ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

export interface Session {
  page: Page;
  /** Console errors and uncaught exceptions, as text. */
  errors: string[];
  /** Takes a screenshot named `<n>-<step>.png` of the page or of one element. */
  shot(step: string, of?: Locator): Promise<void>;
  close(): Promise<void>;
}

/** The extension's own scripts: the UMD and its chunks, served from /v1/uiplugins/. */
const EXTENSION_SCRIPT = /aws-cloud-provider/;

/** A page on its own browser context, recording errors and numbering its screenshots. */
export async function openSession(browser: Browser, name: string): Promise<Session> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, ignoreHTTPSErrors: true });
  const page = await context.newPage();
  const errors: string[] = [];
  const dir = join(SHOTS_DIR, name);
  let count = 0;

  mkdirSync(dir, { recursive: true });
  // Nothing leaves this machine (the dashboard asks Rancher's update server for news once a day).
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());

    return url.hostname === '127.0.0.1' || url.protocol === 'data:' || url.protocol === 'blob:' ? route.continue() : route.abort();
  });
  page.on('pageerror', (error) => errors.push(`${ error.name }: ${ error.message }\n${ error.stack || '' }`));
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error') {
      errors.push(`${ message.text() } @ ${ message.location().url || '' }`);
    }
  });

  return {
    page,
    errors,
    async shot(step, of) {
      const file = join(dir, `${ String(++count).padStart(2, '0') }-${ step }.png`);

      if (of) {
        await of.scrollIntoViewIfNeeded();
        await of.screenshot({ path: file });
      } else {
        await page.screenshot({ path: file });
      }
    },
    close: () => context.close(),
  };
}

/**
 * Errors the extension caused: any uncaught exception whose stack passes through its scripts or
 * whose message names its components, and console errors from its scripts. The dashboard's own
 * noise against a fake API (a refused websocket, say) is not ours to assert on.
 */
export function extensionErrors(errors: string[]): string[] {
  return errors.filter((error) => EXTENSION_SCRIPT.test(error) || /awsCloudProvider|LiveVerification|CloudProviderTab|ClusterNodesTab/.test(error));
}

export interface World { demo: Demo, browser: Browser, close(): Promise<void> }

/** Starts a demo world of its own (builds made by the global set-up) and a browser. */
export async function startWorld(options: Omit<DemoOptions, 'dashboardDir' | 'extensionDir'> = {}): Promise<World> {
  const [dashboard, extension] = [await ensureDashboard(), await ensureExtension()];
  const demo = await startDemo({
    ...options, dashboardDir: dashboard.dir, extensionDir: extension.dir
  });
  const browser = await launchChromium();

  return {
    demo,
    browser,
    close: async() => {
      await browser.close();
      await demo.close();
    },
  };
}

/**
 * A demo world and a browser session for the test file that calls this, started before its
 * tests and stopped after them: "Tag it" in one file cannot change another's world. The
 * objects are filled in by `beforeAll`; use them inside tests.
 */
export function worldForThisFile(name: string, options?: Parameters<typeof startWorld>[0]): { world: World, session: Session } {
  const world = {} as World;
  const session = {} as Session;

  beforeAll(async() => {
    Object.assign(world, await startWorld(options));
    Object.assign(session, await openSession(world.browser, name));
  });
  afterAll(async() => {
    await session.close?.();
    await world.close?.();
  });

  return { world, session };
}

/** The visible text of `locator` must read as text: no `&#39;`, `&quot;`, `&lt;`, `&amp;`. */
export async function expectPlainText(locator: Locator): Promise<string> {
  const text = await locator.innerText();

  expect(text).not.toMatch(HTML_ENTITY);

  return text;
}

/**
 * Per check, one status per finding (worst first), read from the report's groups; the passed
 * checks are opened first.
 */
export async function checkStatuses(results: Locator): Promise<Record<string, string[]>> {
  const toggle = results.locator('[data-testid="show-passed"][aria-expanded="false"]');

  if (await toggle.count()) {
    await toggle.click();
  }

  return results.locator('[data-testid="check-group"]').evaluateAll((groups) => Object.fromEntries(groups.map((group) => [
    group.getAttribute('data-check'),
    (group.getAttribute('data-counts') || '').split(' ').flatMap((pair) => {
      const [status, count] = pair.split(':');

      return Array(Number(count)).fill(status);
    }),
  ])));
}

/**
 * A LabeledInput's text field by its label, on every shell: 3.0.0's labels have no `for`, so
 * getByLabel finds nothing there; the `.labeled-input` wrapper holds both the label and the input.
 */
export function labeledInput(page: Page, label: string): Locator {
  return page.locator('.labeled-input').filter({ has: page.locator('label', { hasText: label }) }).locator('input').first();
}

/** `read()` once it returns something (polled every 250 ms), or an error naming `what` after `timeoutMs`. */
export async function until<T>(what: string, read: () => T | undefined, timeoutMs = 60000): Promise<T> {
  const deadline = Date.now() + timeoutMs;

  for (;;) {
    const value = read();

    if (value !== undefined && value !== null && value !== false) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${ timeoutMs } ms waiting for ${ what }`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
