import { EC2 } from '@aws-sdk/client-ec2';
import { IAM } from '@aws-sdk/client-iam';
import { AwsClients } from '../../pkg/aws-cloud-provider/aws/clients';

/**
 * The SDK's aggregated clients for Node, with the SDK's default credential chain. Without an
 * endpoint URL the SDK also honours AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_EC2 and _IAM.
 */
export function sdkClients(region: string, endpointUrl: string | undefined, timeoutMs: number): AwsClients {
  const common = {
    region,
    ...(endpointUrl ? { endpoint: endpointUrl } : {}),
    requestHandler: { requestTimeout: timeoutMs, connectionTimeout: timeoutMs, throwOnRequestTimeout: true },
    maxAttempts:    3,
  };

  return { ec2: new EC2(common) as unknown as AwsClients['ec2'], iam: new IAM(common) as unknown as AwsClients['iam'] };
}
