/** `fleet`'s arguments and output streams; the fleet's checks are fleet.ts's, loaded only to run them. */
import { UsageError, parseArgsOrExplain, t, useColour } from './arguments';
import { FLEET_ARGS, FleetUsageError, fleetCommandOptions } from './fleet-options';
import { EXIT_UNKNOWN, exitCodeOf } from './report';

/**
 * Every Amazon cluster of a Rancher, through Rancher's API and its /meta/proxy (cli/src/fleet.ts):
 * the report on stdout, the exit status as `check`'s over all clusters.
 */
export async function fleetCommand(args: string[]): Promise<number | 'help'> {
  const { values } = parseArgsOrExplain({
    args, strict: true, options: FLEET_ARGS
  });

  if (values.help) {
    return 'help';
  }
  let options;

  try {
    options = fleetCommandOptions(values, process.env);
  } catch (error) {
    if (error instanceof FleetUsageError) {
      throw new UsageError(error.key, error.args);
    }
    throw error;
  }
  // Loaded here, as the SDK is for check: --help needs none of it.
  // eslint-disable-next-line @typescript-eslint/no-var-requires -- the reason above
  const fleet = require('./fleet') as typeof import('./fleet');
  let run;

  try {
    run = await fleet.runFleet(options);
  } catch (error) {
    const status = (error as { _status?: number })?._status;
    const key = status === 401 || status === 403 ? 'rancherUnauthorized' : 'rancherUnreachable';

    process.stderr.write(`aws-cloud-provider-check: ${ t(`awsCloudProvider.cli.error.${ key }`, { url: options.rancherUrl, message: (error as Error)?.message || String(error) }) }\n`);

    return EXIT_UNKNOWN;
  }
  if (options.output === 'json') {
    process.stdout.write(fleet.fleetJson(run, t));
  } else if (options.output === 'markdown') {
    process.stdout.write(fleet.fleetMarkdown(run, t));
  } else {
    process.stdout.write(fleet.fleetTable(run, t, useColour(options.colour, !!process.stdout.isTTY, process.env)));
  }

  return exitCodeOf(fleet.fleetSummary(run.results));
}
