// The benchmark's yardstick (bench-gather.ts runs it beside the CLI): a plain Node script that
// makes the same AWS calls a verification makes (the same requests: the instance scan's first
// page and, when it shows more, the same partitions), with the same SDK and no code of ours,
// written as one would by hand: independent calls at once, the SDK's paginators for the other
// pages. It checks nothing; it prints how many tagged instances it read.
//   node scripts/bench-plain-sdk.js ENDPOINT_URL CLUSTER_ID PROFILE VPC_ID SUBNET_ID GROUP_NAME
/* eslint-disable @typescript-eslint/no-var-requires -- a plain CommonJS script, run by node itself */
const { EC2, paginateDescribeSubnets, paginateDescribeRouteTables } = require('@aws-sdk/client-ec2');
const { IAM } = require('@aws-sdk/client-iam');

const [endpoint, clusterId, profileName, vpcId, subnetId, groupName] = process.argv.slice(2);
const common = {
  region: 'us-east-1', endpoint, maxAttempts: 3
};
const ec2 = new EC2(common);
const iam = new IAM(common);

async function all(pages, items) {
  const out = [];

  for await (const page of pages) {
    out.push(...items(page));
  }

  return out;
}

// The partitions of pkg/aws-cloud-provider/aws/instance-scan.ts: the zone name's last character; populated zones by ID halves.
const ZONES = [...[...'abcdef'].map((letter) => [`*${ letter }`]), [...'ghijklmnopqrstuvwxyz0123456789'].map((last) => `*${ last }`)];
const HALVES = [[...'01234567'], [...'89abcdef']].map((half) => half.map((digit) => `*${ digit }`));
const instancesOf = (page) => (page.Reservations || []).flatMap((r) => r.Instances || []);

async function scan(filters) {
  const ask = (extra, NextToken) => ec2.describeInstances({
    Filters: [...filters, ...extra], MaxResults: 1000, NextToken
  });
  const first = await ask([]);

  if (!first.NextToken) {
    return instancesOf(first);
  }
  const seen = new Set(instancesOf(first).map((i) => i.Placement.AvailabilityZone.slice(-1)));
  const parts = ZONES.flatMap((zones) => {
    const zone = { Name: 'availability-zone', Values: zones };

    return zones.some((value) => seen.has(value.slice(1))) ? HALVES.map((ids) => [zone, { Name: 'instance-id', Values: ids }]) : [[zone]];
  });
  const chains = await Promise.all(parts.map(async(extra) => {
    const out = [];
    let token;

    do {
      const page = await ask(extra, token);

      out.push(...instancesOf(page));
      token = page.NextToken;
    } while (token);

    return out;
  }));

  return chains.flat();
}

async function role(name) {
  const arn = (await iam.getRole({ RoleName: name })).Role.Arn;
  const [attached, inline] = await Promise.all([
    iam.listAttachedRolePolicies({ RoleName: name }),
    iam.listRolePolicies({ RoleName: name }),
  ]);
  const simulate = (actions, resources) => iam.simulatePrincipalPolicy({
    PolicySourceArn: arn, ActionNames: actions, ResourceArns: resources
  });

  // The scenario may refuse the simulator: then the policy documents decide, as the checks do.
  await Promise.allSettled([
    simulate(['ec2:DescribeInstances', 'ec2:DescribeRegions', 'ec2:DescribeRouteTables', 'ec2:DescribeSecurityGroups', 'ec2:DescribeSubnets', 'ec2:DescribeVpcs', 'ec2:DescribeAvailabilityZones'], ['*']),
    simulate(['ec2:CreateTags', 'ec2:CreateSecurityGroup', 'ec2:AuthorizeSecurityGroupIngress', 'elasticloadbalancing:CreateLoadBalancer'], [`arn:aws:ec2:us-east-1:${ arn.split(':')[4] }:security-group/*`]),
    ...(inline.PolicyNames || []).map((PolicyName) => iam.getRolePolicy({ RoleName: name, PolicyName })),
  ]);

  return attached;
}

async function main() {
  const key = `kubernetes.io/cluster/${ clusterId }`;
  const vpc = [{ Name: 'vpc-id', Values: [vpcId] }];
  const [instances, subnets] = await Promise.all([
    scan([{ Name: 'tag-key', Values: [key, 'KubernetesCluster'] }, { Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped'] }]),
    all(paginateDescribeSubnets({ client: ec2, pageSize: 1000 }, { Filters: vpc }), (page) => page.Subnets || []),
    all(paginateDescribeRouteTables({ client: ec2, pageSize: 100 }, { Filters: vpc }), (page) => page.RouteTables || []),
    ec2.describeSecurityGroups({ Filters: [{ Name: 'group-name', Values: [groupName] }, ...vpc] }),
    ec2.describeSecurityGroups({ Filters: [{ Name: 'tag-key', Values: [key, 'KubernetesCluster'] }] }),
    iam.getInstanceProfile({ InstanceProfileName: profileName }).then((answer) => role(answer.InstanceProfile.Roles[0].RoleName)),
  ]);

  await ec2.describeAvailabilityZones({ Filters: [{ Name: 'zone-name', Values: [...new Set(subnets.map((s) => s.AvailabilityZone))] }] });
  if (!subnets.some((s) => s.SubnetId === subnetId)) {
    throw new Error(`no subnet ${ subnetId }`);
  }
  process.stdout.write(`${ JSON.stringify({ instances: instances.length }) }\n`);
}

main().catch((error) => {
  process.stderr.write(`${ error.stack || error }\n`);
  process.exitCode = 1;
});
