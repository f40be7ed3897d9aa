/** `print-config`'s arguments and output streams; the fragment itself is print-config.ts's. */
import { UsageError, parseArgsOrExplain, t } from './arguments';
import { ConfigUsageError, printConfig } from './print-config';
import { EXIT_OK } from './report';

export function printConfigCommand(args: string[]): number | 'help' {
  const { values } = parseArgsOrExplain({
    args,
    strict:  true,
    options: {
      'kubernetes-version': { type: 'string' },
      distribution:         { type: 'string' },
      pool:                 { type: 'string', multiple: true },
      'ebs-csi':            { type: 'boolean' },
      help:                 { type: 'boolean', short: 'h' },
    },
  });

  if (values.help) {
    return 'help';
  }

  let printed;

  try {
    printed = printConfig({
      kubernetesVersion: values['kubernetes-version'], distribution: values.distribution, pools: values.pool || [], ebsCsi: !!values['ebs-csi']
    });
  } catch (error) {
    if (error instanceof ConfigUsageError) {
      throw new UsageError(error.key, error.args);
    }
    throw error;
  }
  process.stdout.write(printed.yaml);
  for (const note of printed.notes) {
    process.stderr.write(`aws-cloud-provider-check: ${ t(`awsCloudProvider.${ note.key.startsWith('printConfig') ? 'cli.' : '' }${ note.key }`, note.args) }\n`);
  }

  return EXIT_OK;
}
