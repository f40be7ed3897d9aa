// Relative, not @local/: Jest loads a globalSetup with Node's own require, without its
// moduleNameMapper (and local/builds.ts, which this loads, imports no alias either).
import { ensureDashboard, ensureExtension } from '../../local/builds';

/** Builds what the suite serves, or reuses it when nothing it depends on changed. */
export default async function globalSetup(): Promise<void> {
  const log = (line: string) => process.stdout.write(`${ line }\n`);
  const dashboard = await ensureDashboard(log);
  const extension = await ensureExtension(log);

  log(`e2e: dashboard ${ dashboard.built ? `built in ${ dashboard.seconds.toFixed(0) } s` : 'reused' }, extension ${ extension.built ? `built in ${ extension.seconds.toFixed(0) } s` : 'reused' }`);
}
