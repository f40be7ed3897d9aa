/**
 * Paging, in the adapter: the readers ask for "all of it" and these follow the pages of the
 * aggregated clients' answers (EC2's `NextToken`, IAM's `Marker` / `IsTruncated`). The SDK's own
 * paginators need the SDK's client classes; these work on the structural Ec2Api / IamApi that
 * both Rancher's store clients and the CLI's SDK clients satisfy, so the extension ships no SDK.
 */

export const EC2_PAGE_SIZE = 1000;
/** EC2 filters accept at most 200 values each. */
export const FILTER_VALUES_MAX = 200;

/** Follows EC2 `NextToken` pages, from `token` on. */
export async function allEc2Pages<R extends { NextToken?: string }, T>(call: (token?: string) => Promise<R>, items: (page: R) => T[], token?: string): Promise<T[]> {
  const out: T[] = [];
  let next = token;

  do {
    const page = await call(next);

    out.push(...items(page));
    next = page.NextToken || undefined;
  } while (next);

  return out;
}

/** Follows IAM `Marker` / `IsTruncated` pages. */
export async function allIamPages<R extends { IsTruncated?: boolean, Marker?: string }, T>(call: (marker?: string) => Promise<R>, items: (page: R) => T[]): Promise<T[]> {
  const out: T[] = [];
  let marker: string | undefined;

  do {
    const page = await call(marker);

    out.push(...items(page));
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);

  return out;
}
