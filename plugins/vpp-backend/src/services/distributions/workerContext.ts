import type {
  DistributionWorkerConfig,
  DistributionWorkerOptions,
} from './DistributionWorker';

/** What the worker's steps share: its parts, its pace, its clock and its lease owner. */
export interface WorkerContext {
  o: DistributionWorkerOptions;
  c: DistributionWorkerConfig;
  now(): Date;
  /** This worker's id in leases. */
  owner: string;
  /** A lease from now, for claims. */
  lease(): { now: Date; owner: string; leaseUntil: Date };
}
