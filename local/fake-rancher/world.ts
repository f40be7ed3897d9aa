/**
 * One world, seen from both sides: what Rancher knows (a cloud credential, Amazon EC2 RKE2
 * clusters with their machine pools, a custom RKE2 cluster, their machines and downstream nodes)
 * and the AWS account those nodes run in (for the local AWS endpoint). The IDs tests refer to are
 * in ids.ts; each demo cluster has its module (ec2-demo.ts, ec2-broken.ts, custom-demo.ts),
 * fleet.ts generates more; aws-scenario.ts is the account, rancher-objects.ts and
 * downstream-objects.ts what Rancher's API and each downstream cluster's hold. Here: the demo
 * world's clusters together.
 */

import { WorldEc2Cluster } from './cluster-shapes';
import { BROKEN_CLUSTER } from './ec2-broken';
import { EC2_CLUSTER } from './ec2-demo';

/** The world's clusters whose machines Rancher creates on EC2. */
export const EC2_CLUSTERS: WorldEc2Cluster[] = [EC2_CLUSTER, BROKEN_CLUSTER];

/** The Amazon clusters of the demo world itself: ec2-demo, ec2-broken and custom-demo. */
export const DEMO_AMAZON_CLUSTERS = EC2_CLUSTERS.length + 1;
