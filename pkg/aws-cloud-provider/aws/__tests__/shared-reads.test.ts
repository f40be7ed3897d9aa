/**
 * @jest-environment node
 */
import { sharingReads } from '../shared-reads';

it('asks AWS once per identical read and never shares writes', async() => {
  const calls: string[] = [];
  const ec2 = {
    describeSubnets:  (input: unknown) => Promise.resolve(calls.push(`subnets ${ JSON.stringify(input) }`)),
    createTags:       (input: unknown) => Promise.resolve(calls.push(`tags ${ JSON.stringify(input) }`)),
  };
  const shared = sharingReads({ ec2, iam: {} } as unknown as Parameters<typeof sharingReads>[0]);

  await Promise.all([shared.ec2.describeSubnets({ Filters: [] }), shared.ec2.describeSubnets({ Filters: [] }), shared.ec2.describeSubnets({ MaxResults: 5 })]);
  await shared.ec2.createTags({ Resources: ['a'], Tags: [] });
  await shared.ec2.createTags({ Resources: ['a'], Tags: [] });

  expect(calls).toEqual(['subnets {"Filters":[]}', 'subnets {"MaxResults":5}', 'tags {"Resources":["a"],"Tags":[]}', 'tags {"Resources":["a"],"Tags":[]}']);
});
