// The benchmark's world (bench-gather.ts): the inputs every contender verifies, and the local
// AWS endpoint process (bench-endpoint.ts) that serves the cluster of each size, driven over its
// IPC channel. Also the error a wrong verdict raises and the median the figures are taken as.
import { ChildProcess, fork } from 'child_process';
import { join } from 'path';
import { BenchCommand, BenchReply } from './bench-endpoint';
import { CLUSTER_ID, PROFILE } from '@local/aws-endpoint/fixtures';
import { ALL_ROLES } from '@pkg/domain/roles';
import { Target } from '@pkg/verification/verify';

export const LATENCY_MS = 100;
export const REGION = 'us-east-1';

export const inputs: Target = {
  clusterId:           CLUSTER_ID,
  region:              REGION,
  roles:               [...ALL_ROLES],
  instanceProfileName: PROFILE,
  subnetIds:           ['subnet-1'],
  securityGroupIds:    ['rancher-nodes'],
  vpcId:               'vpc-1',
  instanceIds:         [],
  // The version and the control-plane nodes as a user gives them: verdicts need no assumption.
  kubernetesVersion:   'v1.30.1',
  controlPlane:        { profiles: [PROFILE] },
};

/** The endpoint process and a request/answer over its IPC channel, one at a time. */
export class BenchEndpoint {
  private readonly child: ChildProcess = fork(join(__dirname, 'bench-endpoint.ts'), [], { stdio: 'inherit' });
  url = '';

  ask<T extends BenchReply['type']>(command: BenchCommand): Promise<Extract<BenchReply, { type: T }>> {
    return new Promise((resolve, reject) => {
      const exited = (code: number) => reject(new Error(`the benchmark's endpoint exited (${ code })`));

      this.child.once('exit', exited);
      this.child.once('message', (reply: BenchReply) => {
        this.child.off('exit', exited);
        resolve(reply as Extract<BenchReply, { type: T }>);
      });
      this.child.send(command);
    });
  }

  async start(nodes: number): Promise<void> {
    this.url = (await this.ask<'started'>({ type: 'start', nodes })).url;
  }

  async setLatency(ms: number): Promise<void> {
    await this.ask({ type: 'latency', ms });
  }

  /** The requests served since the last call. */
  served(): Promise<Extract<BenchReply, { type: 'requests' }>> {
    return this.ask<'requests'>({ type: 'requests' });
  }

  async stop(): Promise<void> {
    await this.ask({ type: 'stop' });
    this.child.disconnect(); // and the endpoint process exits
  }
}

/** A wrong verdict or a failed command: bench-gather.ts prints its message alone and exits 1. */
export class VerdictError extends Error {}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);

  return sorted[Math.floor(sorted.length / 2)];
}
