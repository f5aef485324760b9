/** Names shared by the coordinator and the workers: the queue, the dataset keys, the stall timing. */

/** Default BullMQ queue name (`--queue-name` changes it; coordinator and workers must agree). */
export const DEFAULT_QUEUE_NAME = 'thicket';
/** Redis key holding a dataset reference's JSON, by the sha256 of that text. */
export const datasetKey = (ref: string): string => `thicket:dataset:${ref}`;
/** How long a dataset reference and finished jobs stay in Redis (seconds): long enough to --resume. */
export const KEEP_SECONDS = 24 * 3600;
/**
 * A worker holds a lock on each job it runs and renews it every half of this; a worker killed
 * mid-task loses the lock after this long and another worker's stalled-job check puts the job
 * back in the queue (BullMQ's lockDuration and stalledInterval).
 */
export const DEFAULT_STALL_MS = 30_000;
/** Times a job may be put back after its worker died before it fails. */
export const MAX_STALLED = 2;
