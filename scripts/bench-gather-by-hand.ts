// The benchmark's by-hand contender (bench-gather.ts): the reads a user following Rancher's docs
// makes with the AWS CLI (/usr/bin/aws), one command after another against the local endpoint.
import { execFile } from 'child_process';
import { BenchEndpoint, inputs, REGION, VerdictError } from './bench-gather-world';
import { CLUSTER_KEY, PROFILE, ROLE } from '@local/aws-endpoint/fixtures';

const AWS_CLI = '/usr/bin/aws';

/** What a user following Rancher's docs runs, one command after another. */
export function byHandCommands(): string[][] {
  const tagKey = `Name=tag-key,Values=${ CLUSTER_KEY }`;
  const vpc = `Name=vpc-id,Values=${ inputs.vpcId }`;

  return [
    ['ec2', 'describe-instances', '--filters', tagKey],
    ['ec2', 'describe-subnets', '--filters', vpc],
    ['ec2', 'describe-route-tables', '--filters', vpc],
    ['ec2', 'describe-security-groups', '--filters', tagKey],
    ['ec2', 'describe-security-groups', '--filters', `Name=group-name,Values=${ inputs.securityGroupIds.join(',') }`],
    ['iam', 'get-instance-profile', '--instance-profile-name', PROFILE],
    ['iam', 'get-role', '--role-name', ROLE],
    ['iam', 'list-attached-role-policies', '--role-name', ROLE],
    ['iam', 'list-role-policies', '--role-name', ROLE],
    ['iam', 'get-role-policy', '--role-name', ROLE, '--policy-name', 'cloud-provider'],
  ];
}

function awsCli(url: string, args: string[], pagerFlag: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(AWS_CLI, [...args, '--endpoint-url', url, '--region', REGION, '--output', 'json', ...pagerFlag], {
      env: {
        PATH: '/usr/bin:/bin', HOME: '/tmp', AWS_ACCESS_KEY_ID: 'AKIDBENCHMARK', AWS_SECRET_ACCESS_KEY: 'bench-secret', AWS_PAGER: ''
      },
      maxBuffer: 1024 * 1024 * 1024,
    }, (error, _stdout, stderr) => (error ? reject(new VerdictError(`aws ${ args.join(' ') }: ${ stderr || error.message }`)) : resolve()));
  });
}

/** `--no-cli-pager` exists from AWS CLI v2 on; v1 (Debian's awscli) has no pager and refuses the flag. */
export function pagerFlagOf(version: string): string[] {
  return /^aws-cli\/[2-9]/.test(version) ? ['--no-cli-pager'] : [];
}

export function awsCliVersion(): Promise<string> {
  return new Promise((resolve, reject) => execFile(AWS_CLI, ['--version'], (error, stdout, stderr) => (error ? reject(new VerdictError(`${ AWS_CLI } is missing: run ./scripts/setup.sh`)) : resolve(`${ stdout }${ stderr }`.trim()))));
}

export async function byHand(endpoint: BenchEndpoint, latencyMs: number, pagerFlag: string[]): Promise<{ wallMs: number, calls: number }> {
  await endpoint.setLatency(latencyMs);
  await endpoint.served();
  const started = performance.now();

  for (const command of byHandCommands()) {
    await awsCli(endpoint.url, command, pagerFlag);
  }

  return { wallMs: performance.now() - started, calls: (await endpoint.served()).count };
}
