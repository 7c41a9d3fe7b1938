import { randomUUID } from 'node:crypto';
import { VppError } from './errors';

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

  /** Sequence number of an earlier versionId; throws 9721 when this endpoint never issued it. */
  resolve(versionId: string): number {
    const seq = this.seqById.get(versionId);
    if (seq === undefined) {
      throw new VppError(9721);
    }
    return seq;
  }
}
