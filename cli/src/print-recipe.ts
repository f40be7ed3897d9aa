/** `print-recipe`: the commands or template that create the instance profile and its role, as the panel shows them. */
import { SnippetFormat, defaultInstanceProfileName, snippet } from '@pkg/domain/snippets';
import { validateInstanceProfileName } from '@pkg/domain/instance-profile-name';
import {
  UsageError, parseArgsOrExplain, rolesOf, t, variantOf
} from './arguments';
import { EXIT_OK } from './report';

/** print-recipe's --format names, as the AWS docs name the tools, mapped to the panel's formats. */
const RECIPE_FORMATS: Record<string, SnippetFormat> = {
  cli: 'awsCli', cloudformation: 'cloudFormation', terraform: 'terraform'
};

export function printRecipe(args: string[]): number | 'help' {
  const { values } = parseArgsOrExplain({
    args,
    strict:  true,
    options: {
      roles:              { type: 'string' },
      format:             { type: 'string' },
      'instance-profile': { type: 'string' },
      variant:            { type: 'string' },
      help:               { type: 'boolean', short: 'h' },
    },
  });

  if (values.help) {
    return 'help';
  }

  const roles = rolesOf(values.roles);
  const formatName = values.format ?? 'cli';

  if (!Object.prototype.hasOwnProperty.call(RECIPE_FORMATS, formatName)) {
    throw new UsageError('format', { format: formatName });
  }

  const format = RECIPE_FORMATS[formatName];

  const instanceProfileName = values['instance-profile'] ?? defaultInstanceProfileName(roles);
  // The recipe's names go into shell commands and templates unescaped beyond quoting: only IAM names pass.
  const verdict = validateInstanceProfileName(instanceProfileName, { required: true });

  if (!verdict.valid) {
    throw new UsageError('instanceProfile', { problem: t(`awsCloudProvider.profileName.problem.${ verdict.problem }`, verdict.args) });
  }
  process.stdout.write(snippet(format, {
    roles, variant: variantOf(values.variant), instanceProfileName
  }));

  return EXIT_OK;
}

/** The rkeConfig fragment on stdout; the configuration checks' warnings on stderr. */
