/**
 * `fleet`'s options and their checks, apart from cli/src/fleet.ts so that the CLI's start-up
 * (and --help) loads no AWS SDK.
 */
import type { FleetOptions } from './fleet';

/** A usage problem of `fleet`: a key under awsCloudProvider.cli.error and its arguments (main.ts reports it). */
export class FleetUsageError extends Error {
  constructor(readonly key: string, readonly args?: Record<string, unknown>) {
    super(key);
  }
}

export interface FleetCommandOptions extends FleetOptions { output: 'table' | 'json' | 'markdown', colour: 'auto' | 'always' | 'never' }

/** `fleet`'s options, already parsed by main.ts: their checks. */
export function fleetCommandOptions(values: { 'rancher-url'?: string, token?: string, output?: string, json?: boolean, color?: string, timeout?: string, concurrency?: string }, env: NodeJS.ProcessEnv): FleetCommandOptions {
  const rancherUrl = values['rancher-url'] || env.RANCHER_URL;
  const token = values.token || env.RANCHER_TOKEN;

  if (!rancherUrl || !/^https?:\/\/[^/]/.test(rancherUrl)) {
    throw new FleetUsageError('rancherUrl');
  }
  if (!token) {
    throw new FleetUsageError('token');
  }
  const output = values.output ?? (values.json ? 'json' : 'table');

  if (!['table', 'json', 'markdown'].includes(output)) {
    throw new FleetUsageError('output', { output });
  }
  const colour = values.color ?? 'auto';

  if (!['auto', 'always', 'never'].includes(colour)) {
    throw new FleetUsageError('color', { color: colour });
  }
  const timeoutSeconds = values.timeout === undefined ? 30 : Number(values.timeout);
  const concurrency = values.concurrency === undefined ? undefined : Number(values.concurrency);

  if (!(timeoutSeconds > 0)) {
    throw new FleetUsageError('timeout');
  }
  if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency > 0)) {
    throw new FleetUsageError('concurrency');
  }

  return {
    rancherUrl, token, output: output as FleetCommandOptions['output'], colour: colour as FleetCommandOptions['colour'], timeoutMs: timeoutSeconds * 1000, concurrency
  };
}

/** `fleet`'s own options, for Node's parseArgs. */
export const FLEET_ARGS = {
  'rancher-url': { type: 'string' },
  token:         { type: 'string' },
  output:        { type: 'string' },
  json:          { type: 'boolean' },
  color:         { type: 'string' },
  timeout:       { type: 'string' },
  concurrency:   { type: 'string' },
  help:          { type: 'boolean', short: 'h' },
} as const;
