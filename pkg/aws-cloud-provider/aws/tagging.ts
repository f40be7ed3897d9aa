/** Writing the planned tags: a DryRun first to learn whether the credential may, then the real call. */

import { Ec2Api } from './clients';
import { AwsError } from '../domain/facts';
import { awsErrorOf } from './errors';
import { PlannedTag } from '../domain/tag-fixes';

function byTag(tags: readonly PlannedTag[]): Map<string, { key: string, value: string, resourceIds: string[] }> {
  const groups = new Map<string, { key: string, value: string, resourceIds: string[] }>();

  for (const tag of tags) {
    const id = `${ tag.key }\u0000${ tag.value }`;
    const group = groups.get(id) || {
      key: tag.key, value: tag.value, resourceIds: []
    };

    group.resourceIds.push(tag.resourceId);
    groups.set(id, group);
  }

  return groups;
}

/** EC2 answers a permitted DryRun with the error DryRunOperation, a refused one with UnauthorizedOperation. */
export async function mayCreateTags(ec2: Ec2Api, tags: readonly PlannedTag[]): Promise<{ allowed: true } | { allowed: false, error: AwsError }> {
  for (const group of byTag(tags).values()) {
    try {
      await ec2.createTags({
        Resources: group.resourceIds, Tags: [{ Key: group.key, Value: group.value }], DryRun: true
      });
    } catch (error) {
      const failure = awsErrorOf('CreateTags', error);

      if (failure.code !== 'DryRunOperation') {
        return { allowed: false, error: failure };
      }
    }
  }

  return { allowed: true };
}

/** Writes the tags. Call only after the user confirmed exactly this plan. */
export async function createTags(ec2: Ec2Api, tags: readonly PlannedTag[]): Promise<void> {
  for (const group of byTag(tags).values()) {
    await ec2.createTags({ Resources: group.resourceIds, Tags: [{ Key: group.key, Value: group.value }] });
  }
}
