import { parseArgs, ParseArgsConfig } from 'util';
import { gatherClusterFacts } from '../../pkg/aws-cloud-provider/aws/gather';
import { sdkClients } from './sdk-clients';
import { runChecks, summarize } from '../../pkg/aws-cloud-provider/domain/checks';
import { CheckInputs } from '../../pkg/aws-cloud-provider/domain/facts';
import { ALL_ROLES, parseRoles } from '../../pkg/aws-cloud-provider/domain/roles';
import { createTranslate } from './translate';
import { exitCodeOf, renderJson, renderTable, EXIT_USAGE } from './report';

const t = createTranslate();
const usage = () => t('awsCloudProvider.cli.usage');

/** A usage problem: an l10n key under awsCloudProvider.cli.error and its arguments. */
class UsageError extends Error {
  constructor(key: string, args?: Record<string, unknown>) {
    super(t(`awsCloudProvider.cli.error.${ key }`, args));
  }
}

/** Node's own parser, its complaints (unknown option, missing value) shown as usage errors. */
function parseArgsOrExplain<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    throw new UsageError('arguments', { problem: (error as Error).message });
  }
}

function parse(argv: string[]): { inputs: CheckInputs, endpointUrl?: string, json: boolean, timeoutMs: number } | 'help' {
  const { values } = parseArgsOrExplain({
    args:    argv,
    strict:  true,
    options: {
      'cluster-id':         { type: 'string' },
      region:               { type: 'string' },
      'instance-profile':   { type: 'string' },
      roles:                { type: 'string' },
      'vpc-id':             { type: 'string' },
      'subnet-id':          { type: 'string', multiple: true },
      'security-group-id':  { type: 'string', multiple: true },
      'instance-id':        { type: 'string', multiple: true },
      'kubernetes-version': { type: 'string' },
      'endpoint-url':       { type: 'string' },
      timeout:              { type: 'string' },
      'check-pass-role':    { type: 'boolean' },
      json:                 { type: 'boolean' },
      help:                 { type: 'boolean', short: 'h' },
    },
  });

  if (values.help) {
    return 'help';
  }

  const clusterId = values['cluster-id'];

  if (!clusterId) {
    throw new UsageError('clusterIdRequired');
  }

  const region = values.region || process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION;

  if (!region) {
    throw new UsageError('noRegion');
  }

  const { roles, unknown } = values.roles === undefined ? { roles: [...ALL_ROLES], unknown: [] } : parseRoles(values.roles);

  if (unknown.length || !roles.length) {
    throw new UsageError('roles', { unknown: unknown.join(', ') || '-' });
  }

  const timeoutSeconds = values.timeout === undefined ? 10 : Number(values.timeout);

  if (!(timeoutSeconds > 0)) {
    throw new UsageError('timeout');
  }
  if (values['endpoint-url'] && !/^https?:\/\//.test(values['endpoint-url'])) {
    throw new UsageError('endpointUrl');
  }

  return {
    inputs: {
      clusterId,
      region,
      roles,
      instanceProfileName: values['instance-profile'],
      subnetIds:           values['subnet-id'] || [],
      securityGroupIds:    values['security-group-id'] || [],
      vpcId:               values['vpc-id'],
      instanceIds:         values['instance-id'] || [],
      kubernetesVersion:   values['kubernetes-version'],
      checkPassRole:       !!values['check-pass-role'],
    },
    endpointUrl: values['endpoint-url'],
    json:        !!values.json,
    timeoutMs:   timeoutSeconds * 1000,
  };
}

export async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;

  try {
    parsed = parse(argv);
  } catch (error) {
    process.stderr.write(`aws-cloud-provider-check: ${ (error as Error).message }\n\n${ usage() }\n`);

    return EXIT_USAGE;
  }
  if (parsed === 'help') {
    process.stdout.write(`${ usage() }\n`);

    return 0;
  }

  const { inputs, endpointUrl, json, timeoutMs } = parsed;
  const clients = sdkClients(inputs.region as string, endpointUrl, timeoutMs);
  const facts = await gatherClusterFacts(clients, inputs);
  const findings = runChecks(inputs, facts);

  process.stdout.write(json ? renderJson(inputs, findings, t) : renderTable(inputs, findings, t, !!process.stdout.isTTY));

  return exitCodeOf(summarize(findings));
}

if (require.main === module || process.env.AWS_CLOUD_PROVIDER_CHECK_MAIN) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  }, (error) => {
    process.stderr.write(`aws-cloud-provider-check: ${ error?.stack || error }\n`);
    process.exitCode = 1;
  });
}
