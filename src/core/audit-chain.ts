/**
 * The audit trail's hash chain. Each event stores the SHA-256 of the previous event and of its own
 * content (which includes that previous hash), so altering, removing or reordering any event breaks
 * every link after it. Pure: hashing is deterministic computation, no I/O.
 */
import { createHash } from "node:crypto";

export const GENESIS_HASH = "0".repeat(64);

export interface ChainedEventContent {
  readonly seq: number;
  readonly id: string;
  readonly at: string;
  readonly actorUserId: string | null;
  readonly actorLabel: string;
  readonly firmId: string | null;
  readonly orgId: string | null;
  readonly engagementId: string | null;
  readonly action: string;
  readonly targetType: string;
  readonly targetId: string | null;
  /** JSON text of the before/after summary, hashed exactly as stored. */
  readonly summary: string;
  readonly prevHash: string;
}

export interface ChainedEvent extends ChainedEventContent {
  readonly hash: string;
}

/** Field order is fixed here, so the hash never depends on object key order. */
export const canonicalEventContent = (e: ChainedEventContent): string =>
  JSON.stringify([
    e.seq,
    e.id,
    e.at,
    e.actorUserId,
    e.actorLabel,
    e.firmId,
    e.orgId,
    e.engagementId,
    e.action,
    e.targetType,
    e.targetId,
    e.summary,
    e.prevHash,
  ]);

export const hashEvent = (e: ChainedEventContent): string =>
  createHash("sha256").update(canonicalEventContent(e)).digest("hex");

export type ChainBreak = {
  readonly seq: number;
  readonly id: string | null;
  readonly reason: "altered" | "missing" | "reordered" | "head-mismatch";
  readonly message: string;
};

/**
 * Incremental verifier: feed events in ascending seq order, then `finish` with the stored chain
 * head. Keeps O(1) memory so millions of events can be checked as a stream.
 */
export class ChainVerifier {
  private expectedSeq = 1;
  private prevHash = GENESIS_HASH;
  private checkedCount = 0;
  private broken: ChainBreak | null = null;

  get checked(): number {
    return this.checkedCount;
  }

  get firstBreak(): ChainBreak | null {
    return this.broken;
  }

  /** Returns false once the chain is broken (callers may stop reading). */
  push(event: ChainedEvent): boolean {
    if (this.broken) return false;
    this.checkedCount += 1;
    if (event.seq !== this.expectedSeq) {
      const reason = event.seq > this.expectedSeq ? "missing" : "reordered";
      this.broken = {
        seq: this.expectedSeq,
        id: null,
        reason,
        message:
          reason === "missing"
            ? `event #${this.expectedSeq} is missing (next stored event is #${event.seq})`
            : `event #${event.seq} (${event.id}) is out of order: expected #${this.expectedSeq}`,
      };
      return false;
    }
    if (event.prevHash !== this.prevHash) {
      this.broken = {
        seq: event.seq,
        id: event.id,
        reason: "reordered",
        message: `event #${event.seq} (${event.id}) does not link to event #${event.seq - 1}: one of them was altered, replaced or moved`,
      };
      return false;
    }
    if (hashEvent(event) !== event.hash) {
      this.broken = {
        seq: event.seq,
        id: event.id,
        reason: "altered",
        message: `event #${event.seq} (${event.id}) was altered: its content no longer matches its hash`,
      };
      return false;
    }
    this.prevHash = event.hash;
    this.expectedSeq += 1;
    return true;
  }

  /** Compares the last verified event with the stored head, which catches removal of the newest events. */
  finish(head: { seq: number; hash: string }): ChainBreak | null {
    if (this.broken) return this.broken;
    const lastSeq = this.expectedSeq - 1;
    if (head.seq !== lastSeq || head.hash !== this.prevHash) {
      this.broken = {
        seq: head.seq,
        id: null,
        reason: "head-mismatch",
        message:
          head.seq > lastSeq
            ? `events #${lastSeq + 1} to #${head.seq} are missing: the chain head records ${head.seq} events`
            : `the chain head does not match event #${lastSeq}`,
      };
    }
    return this.broken;
  }
}
