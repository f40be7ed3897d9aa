import { parseArgs } from 'util';
import { gatherClusterFacts } from '../../pkg/aws-cloud-provider/aws/gather';
import { sdkClients } from './sdk-clients';
import { runChecks, summarize } from '../../pkg/aws-cloud-provider/domain/checks';
import { CheckInputs } from '../../pkg/aws-cloud-provider/domain/facts';
import { ALL_ROLES, parseRoles } from '../../pkg/aws-cloud-provider/domain/roles';
import { createTranslate } from './translate';
import { exitCodeOf, renderJson, renderTable, EXIT_USAGE } from './report';

const USAGE = `Usage: aws-cloud-provider-check --cluster-id ID [options]

Checks an AWS account the way the Kubernetes AWS cloud provider decides: instance profile,
its role and permissions, and the kubernetes.io/cluster/<ID> tags on instances, subnets and
security groups.

Options:
  --cluster-id ID              the cluster ID of the tags (required)
  --region REGION              AWS region (default: AWS_REGION / AWS_DEFAULT_REGION)
  --instance-profile NAME      the IAM instance profile name the nodes use
  --roles LIST                 node roles: controlplane,etcd,worker (default: all three)
  --vpc-id ID                  VPC of the security groups given by name
  --subnet-id ID               a subnet to check (repeatable)
  --security-group-id ID|NAME  a group the nodes get (repeatable; names are looked up)
  --instance-id ID             an instance to check besides those tagged (repeatable)
  --kubernetes-version V       e.g. v1.28.9+rke2r1
  --endpoint-url URL           one endpoint for EC2 and IAM (AWS_ENDPOINT_URL* work too)
  --check-pass-role            also check that this credential (the one that launches the
                               nodes, e.g. Rancher's) may pass the profile's role
  --timeout SECONDS            per-request timeout (default 10)
  --json                       print { clusterId, region, summary, checks } as JSON
  -h, --help                   this text

Exit status: 0 all pass or warn, 1 something fails, 3 nothing fails but something could
not be verified, 2 usage error.`;

class UsageError extends Error {}

function parse(argv: string[]): { inputs: CheckInputs, endpointUrl?: string, json: boolean, timeoutMs: number } | 'help' {
  const { values } = parseArgs({
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
    throw new UsageError('--cluster-id is required');
  }

  const region = values.region || process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION;

  if (!region) {
    throw new UsageError('no region: pass --region or set AWS_REGION');
  }

  const { roles, unknown } = values.roles === undefined ? { roles: [...ALL_ROLES], unknown: [] } : parseRoles(values.roles);

  if (unknown.length || !roles.length) {
    throw new UsageError(`--roles takes controlplane, etcd and worker, comma-separated${ unknown.length ? `; unknown: ${ unknown.join(', ') }` : '' }`);
  }

  const timeoutSeconds = values.timeout === undefined ? 10 : Number(values.timeout);

  if (!(timeoutSeconds > 0)) {
    throw new UsageError('--timeout takes a number of seconds above 0');
  }
  if (values['endpoint-url'] && !/^https?:\/\//.test(values['endpoint-url'])) {
    throw new UsageError('--endpoint-url must start with http:// or https://');
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
    process.stderr.write(`aws-cloud-provider-check: ${ (error as Error).message }\n\n${ USAGE }\n`);

    return EXIT_USAGE;
  }
  if (parsed === 'help') {
    process.stdout.write(`${ USAGE }\n`);

    return 0;
  }

  const { inputs, endpointUrl, json, timeoutMs } = parsed;
  const clients = sdkClients(inputs.region as string, endpointUrl, timeoutMs);
  const facts = await gatherClusterFacts(clients, inputs);
  const findings = runChecks(inputs, facts);
  const t = createTranslate();

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
