/** Debian's AWS CLI v2 against the local endpoint: an independent client for the wire protocol. */

import { execFile } from 'child_process';
import { existsSync } from 'fs';
import { AwsEndpoint } from '../server';

export const AWS = '/usr/bin/aws';

export interface CliRun { code: number, stdout: string, stderr: string }

/** Fails with how to get it when the AWS CLI is not installed. */
export function requireAwsCli(): void {
  if (!existsSync(AWS)) {
    throw new Error(`${ AWS } is missing: run ./scripts/setup.sh (it installs Debian's awscli)`);
  }
}

/** `aws <args>` against `endpoint`, JSON output, dummy credentials and nothing from the user's config. */
export function aws(endpoint: AwsEndpoint, args: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(AWS, [...args, '--endpoint-url', endpoint.url, '--region', 'us-east-1', '--output', 'json'], {
      env: {
        PATH: '/usr/bin:/bin', HOME: '/tmp', AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_PAGER: ''
      },
    }, (error, stdout, stderr) => resolve({
      code: error ? Number(error.code) || 1 : 0, stdout, stderr
    }));
  });
}
