import { EC2 } from '@aws-sdk/client-ec2';
import { IAM } from '@aws-sdk/client-iam';
import { AwsClients } from '@pkg/aws/clients';

/**
 * The SDK's aggregated clients for Node, with the SDK's default credential chain. Without an
 * endpoint URL the SDK also honours AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_EC2 and _IAM. A profile
 * picks the shared config and credentials files' section, as the AWS CLI's --profile does
 * (without one the SDK follows AWS_PROFILE, else "default").
 */
export function sdkClients(region: string, endpointUrl: string | undefined, timeoutMs: number, profile?: string): AwsClients {
  const common = {
    region,
    ...(profile ? { profile } : {}),
    ...(endpointUrl ? { endpoint: endpointUrl } : {}),
    requestHandler: {
      requestTimeout: timeoutMs, connectionTimeout: timeoutMs, throwOnRequestTimeout: true
    },
    maxAttempts: 3,
  };

  return { ec2: new EC2(common) as unknown as AwsClients['ec2'], iam: new IAM(common) as unknown as AwsClients['iam'] };
}

/** The region the SDK would use for this profile (AWS_REGION, then the shared config file), if any. */
export async function sdkRegion(profile?: string): Promise<string | undefined> {
  const client = new EC2(profile ? { profile } : {});

  try {
    return await client.config.region();
  } catch {
    return undefined; // the SDK's "Region is missing": the caller explains what to pass
  } finally {
    client.destroy();
  }
}
