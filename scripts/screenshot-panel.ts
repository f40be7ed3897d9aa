// Screenshots of the recorded panel pages, for people to look at (not part of the tests).
//   RECORD_DIR=/tmp/record npx tsx scripts/screenshot-panel.ts css    # compile the shell's stylesheet
//   RECORD_DIR=/tmp/record RECORD_CSS=/tmp/record/shell.css npm run record-panel
//   RECORD_DIR=/tmp/record npx tsx scripts/screenshot-panel.ts shots  # needs Debian's chromium
import { readdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { pathToFileURL } from 'url';
import * as sass from 'sass';
import { chromium } from 'playwright-core';

const OUT = process.env.RECORD_DIR || '/tmp/record';
const SHELL = join(__dirname, '..', 'node_modules', '@rancher', 'shell');

function compileShellCss(): void {
  const result = sass.compile(join(SHELL, 'assets', 'styles', 'app.scss'), {
    loadPaths: [join(__dirname, '..', 'node_modules')],
    logger:    sass.Logger.silent,
    importers: [{
      // The shell's styles import `~shell/...` and `~@shell/...`, resolved by webpack in a build.
      findFileUrl(url: string) {
        const shell = /^~?@?(shell|@rancher\/shell)\/(.*)$/.exec(url);

        if (shell) {
          return new URL(pathToFileURL(join(SHELL, shell[2])).href);
        }

        return url.startsWith('~') ? new URL(pathToFileURL(join(__dirname, '..', 'node_modules', url.slice(1))).href) : null;
      },
    }],
  });

  writeFileSync(join(OUT, 'shell.css'), result.css);
  console.log(`${ join(OUT, 'shell.css') }: ${ result.css.length } bytes`);
}

async function screenshots(): Promise<void> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args:           ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });

  for (const file of readdirSync(OUT).filter((f) => f.endsWith('.html'))) {
    await page.goto(pathToFileURL(join(OUT, file)).href);
    await page.screenshot({ path: join(OUT, file.replace(/\.html$/, '.png')), fullPage: true });
    console.log(join(OUT, file.replace(/\.html$/, '.png')));
  }
  await browser.close();
}

const step = process.argv[2];

if (step === 'css') {
  compileShellCss();
} else if (step === 'shots') {
  screenshots().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
} else {
  console.error('usage: screenshot-panel.ts css|shots');
  process.exitCode = 2;
}
