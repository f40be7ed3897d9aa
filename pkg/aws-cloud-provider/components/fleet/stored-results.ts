/**
 * The fleet's last results, kept in this browser for the Rancher user who made them
 * (localStorage, one key per user ID), with their time: the fleet page and the cluster list's
 * column read them. Never written to AWS or to any Rancher object. Each result keeps its
 * counts and its problems (passed findings are counted, not kept: 200 clusters stay well under
 * the browser's quota); the full report of a cluster verified in this session stays in memory.
 * One reactive copy per page, so every badge follows a new result at once; another tab's
 * results arrive through the `storage` event.
 */
import { reactive } from 'vue';
import { CheckStatus, Finding } from '../../domain/findings';
import { FleetNote, FleetResult } from '../../verification/fleet';

export const STORAGE_PREFIX = 'aws-cloud-provider:fleet:';
const VERSION = 1;

/** Problems kept per cluster; the counts stay exact. */
export const KEPT_PROBLEMS = 100;

export interface StoredResult {
  id: string;
  name: string;
  verifiedAt: number;
  verdict: CheckStatus;
  summary: Record<CheckStatus, number>;
  notes: FleetNote[];
  error?: string;
  clusterId: string;
  region: string;
  /** The non-passing findings (at most KEPT_PROBLEMS). */
  problems: Finding[];
  /** True when `problems` is the whole report (nothing passed, nothing left out). */
  complete: boolean;
}

interface Stored { version: number, results: Record<string, StoredResult> }

const state = reactive({ key: '', results: {} as Record<string, StoredResult> });

export const storageKey = (userId: string): string => `${ STORAGE_PREFIX }${ userId }`;

function storage(): Storage | undefined {
  try {
    return typeof window === 'undefined' ? undefined : window.localStorage;
  } catch {
    return undefined; // storage disabled: results live as long as the page
  }
}

function read(key: string): Record<string, StoredResult> {
  try {
    const parsed = JSON.parse(storage()?.getItem(key) || 'null') as Stored | null;

    return parsed?.version === VERSION && parsed.results && typeof parsed.results === 'object' ? parsed.results : {};
  } catch {
    return {};
  }
}

let listening = false;

/** The results of `userId`, reactive; loaded on first use and whenever another tab writes them. */
export function storedResults(userId: string): Record<string, StoredResult> {
  const key = storageKey(userId);

  if (state.key !== key) {
    state.key = key;
    state.results = userId ? read(key) : {};
  }
  if (!listening && typeof window !== 'undefined') {
    listening = true;
    window.addEventListener('storage', (event) => {
      if (event.key === state.key) {
        state.results = read(state.key);
      }
    });
  }

  return state.results;
}

export function toStored(result: FleetResult): StoredResult {
  const problems = result.findings.filter((finding) => finding.status !== 'pass');

  return {
    id:         result.id,
    name:       result.name,
    verifiedAt: result.verifiedAt,
    verdict:    result.verdict,
    summary:    { ...result.summary },
    notes:      [...result.notes],
    ...(result.error ? { error: result.error } : {}),
    clusterId:  result.clusterId,
    region:     result.region,
    problems:   problems.slice(0, KEPT_PROBLEMS),
    complete:   problems.length === result.findings.length && problems.length <= KEPT_PROBLEMS,
  };
}

/** Adds (or replaces) results of `userId` and writes them; a full quota keeps them for this page only. */
export function storeResults(userId: string, results: readonly FleetResult[]): void {
  const current = storedResults(userId);
  const next = { ...current };

  for (const result of results) {
    next[result.id] = toStored(result);
  }
  state.results = next;
  if (!userId) {
    return; // no known user: never kept where another user of this browser would see them
  }
  try {
    storage()?.setItem(state.key, JSON.stringify({ version: VERSION, results: next } as Stored));
  } catch {
    // QuotaExceededError: the results stay on this page until it is left.
  }
}

/**
 * The Rancher user the results belong to, by the user's ID (`user-…`), which no upgrade changes:
 * shells up to 3.0.8 keep the Norman user as `auth/v3User`; 3.0.13 asks Rancher's `SelfUser` and
 * keeps the management user as `auth/user`. None: the page keeps results only while it is open.
 */
export function rancherUserId(getters: Record<string, unknown> | undefined): string {
  const user = (getters?.['auth/v3User'] || getters?.['auth/user']) as { id?: string } | undefined;

  return user?.id || '';
}
