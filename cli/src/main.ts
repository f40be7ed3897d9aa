/**
 * The CLI's entry: the command (the first argument, else `check`), its module, and what every
 * command shares at the end: --help on stdout, usage errors on stderr with the command's help
 * (exit 2), anything unexpected as an internal error (exit 4). The commands: check.ts,
 * print-policy.ts, print-recipe.ts, print-config-command.ts, fleet-command.ts.
 */
import { UsageError, t } from './arguments';
import { checkCommand } from './check';
import { printPolicy } from './print-policy';
import { printRecipe } from './print-recipe';
import { printConfigCommand } from './print-config-command';
import { fleetCommand } from './fleet-command';
import { EXIT_INTERNAL, EXIT_OK, EXIT_USAGE } from './report';

export type { ColourChoice } from './arguments';
export { useColour } from './arguments';

/** Each command and the l10n key (under awsCloudProvider.cli) of its --help text. */
const COMMANDS = {
  check: 'usage', 'print-policy': 'usagePrintPolicy', 'print-recipe': 'usagePrintRecipe', 'print-config': 'usagePrintConfig', fleet: 'usageFleet'
} as const;

type Command = keyof typeof COMMANDS;

/** The command is the first argument unless that is an option: plain `--cluster-id …` still checks. */
function splitCommand(argv: string[]): { command: Command, args: string[] } {
  const [first, ...rest] = argv;

  if (first === undefined || first.startsWith('-')) {
    return { command: 'check', args: argv };
  }
  if (Object.prototype.hasOwnProperty.call(COMMANDS, first)) {
    return { command: first as Command, args: rest };
  }
  throw new UsageError('unknownCommand', { command: first });
}

function usageOf(command: Command): string {
  return t(`awsCloudProvider.cli.${ COMMANDS[command] }`);
}

export async function main(argv: string[]): Promise<number> {
  let command: Command = 'check';

  try {
    const split = splitCommand(argv);
    let result: number | 'help';

    command = split.command;
    if (command === 'print-policy') {
      result = printPolicy(split.args);
    } else if (command === 'print-config') {
      result = printConfigCommand(split.args);
    } else if (command === 'print-recipe') {
      result = printRecipe(split.args);
    } else if (command === 'fleet') {
      result = await fleetCommand(split.args);
    } else {
      result = await checkCommand(split.args);
    }
    if (result === 'help') {
      process.stdout.write(`${ usageOf(command) }\n`);

      return EXIT_OK;
    }

    return result;
  } catch (error) {
    if (!(error instanceof UsageError)) {
      throw error;
    }
    process.stderr.write(`aws-cloud-provider-check: ${ error.message }\n\n${ usageOf(command) }\n`);

    return EXIT_USAGE;
  }
}

/** main, with anything it did not expect reported as an internal error: never as a verdict on the account. */
export async function run(argv: string[]): Promise<number> {
  try {
    return await main(argv);
  } catch (error) {
    process.stderr.write(`aws-cloud-provider-check: ${ t('awsCloudProvider.cli.error.internal', { error: String((error as Error)?.stack || error) }) }\n`);

    return EXIT_INTERNAL;
  }
}

// bin/aws-cloud-provider-check.js calls run(); this is for `npx tsx cli/src/main.ts …`.
if (require.main === module) {
  run(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
