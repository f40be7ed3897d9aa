import { GatherCancelled } from '../../aws/gather';

/** The state of one cancellable verification, shared by the cluster tab and the nodes tab. */
export interface VerificationRun {
  running: boolean;
  /** AWS calls answered so far: the progress shown while it runs. */
  answered: number;
  /** Why the last run stopped early, already translated; empty when it did not. */
  message: string;
  controller: AbortController | null;
}

export function idleRun(): VerificationRun {
  return {
    running: false, answered: 0, message: '', controller: null
  };
}

type Work = (signal: AbortSignal, onProgress: () => void) => Promise<void>;
type Translate = (key: string, args?: Record<string, unknown>) => string;

/** Runs `work` with a fresh AbortController, counting answers and turning errors into a message. */
export async function runVerification(run: VerificationRun, t: Translate, work: Work): Promise<void> {
  const controller = new AbortController();

  run.controller = controller;
  run.running = true;
  run.answered = 0;
  run.message = '';
  try {
    await work(controller.signal, () => run.answered++);
  } catch (error) {
    run.message = error instanceof GatherCancelled ? t('awsCloudProvider.verify.cancelled') : t('awsCloudProvider.verify.failed', { message: (error as Error)?.message || String(error) });
  } finally {
    run.running = false;
    run.controller = null;
  }
}
