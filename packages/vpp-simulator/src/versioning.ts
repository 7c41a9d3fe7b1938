import { randomUUID } from 'node:crypto';
import { VppError } from './errors';

/** A `VersionTracker` as saved in the simulator's state file. */
export interface VersionTrackerSnapshot {
  currentId: string;
  /** Every versionId issued, with the location sequence number it stands for. */
  issued: Array<[string, number]>;
}

/**
 * The `versionId` of one versioned endpoint (assets, assignments or users) of a location.
 * Apple issues a new UUID-like id whenever the endpoint's data changes; `sinceVersionId`
 * accepts any id this endpoint issued earlier (else 9721).
 */
export class VersionTracker {
  private currentId: string;
  private currentSeq: number;
  private readonly seqById = new Map<string, number>();

  constructor(seq = 0) {
    this.currentSeq = seq;
    this.currentId = randomUUID();
    this.seqById.set(this.currentId, seq);
  }

  get versionId(): string {
    return this.currentId;
  }

  get seq(): number {
    return this.currentSeq;
  }

  /** Records a change made at location sequence number `seq`. */
  bump(seq: number): void {
    this.currentSeq = seq;
    this.currentId = randomUUID();
    this.seqById.set(this.currentId, seq);
  }

  /** Everything this tracker knows, for the state file (persistence.ts). */
  toJSON(): VersionTrackerSnapshot {
    return {
      currentId: this.currentId,
      issued: [...this.seqById.entries()],
    };
  }

  /** A tracker that still accepts every versionId the saved one issued. */
  static restore(snapshot: VersionTrackerSnapshot): VersionTracker {
    const tracker = new VersionTracker();
    tracker.seqById.clear();
    for (const [id, seq] of snapshot.issued) {
      tracker.seqById.set(id, seq);
    }
    const seq = tracker.seqById.get(snapshot.currentId);
    if (seq === undefined) {
      throw new Error(
        `Saved versionId ${snapshot.currentId} is not among the issued ones`,
      );
    }
    tracker.currentId = snapshot.currentId;
    tracker.currentSeq = seq;
    return tracker;
  }

  /** Sequence number of an earlier versionId; throws 9721 when this endpoint never issued it. */
  resolve(versionId: string): number {
    const seq = this.seqById.get(versionId);
    if (seq === undefined) {
      throw new VppError(9721);
    }
    return seq;
  }
}
