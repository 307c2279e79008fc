import { describe, expect, it } from "vitest";
import { type ChainedEvent, ChainVerifier, GENESIS_HASH, hashEvent } from "./audit-chain.js";

const makeChain = (n: number): ChainedEvent[] => {
  const events: ChainedEvent[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const content = {
      seq,
      id: `e${seq}`,
      at: `2026-01-01T00:00:${String(seq).padStart(2, "0")}.000Z`,
      actorUserId: "u1",
      actorLabel: "Asha",
      firmId: "f1",
      orgId: null,
      engagementId: null,
      action: "engagement.created",
      targetType: "engagement",
      targetId: `g${seq}`,
      summary: JSON.stringify({ after: { n: seq } }),
      prevHash: prev,
    };
    const hash = hashEvent(content);
    events.push({ ...content, hash });
    prev = hash;
  }
  return events;
};

const verify = (events: ChainedEvent[], head: { seq: number; hash: string }) => {
  const v = new ChainVerifier();
  for (const e of events) if (!v.push(e)) break;
  return { brk: v.finish(head), checked: v.checked };
};

describe("audit hash chain", () => {
  const chain = makeChain(10);
  const head = { seq: 10, hash: chain[9]!.hash };

  it("accepts an intact chain and counts every event", () => {
    expect(verify(chain, head)).toEqual({ brk: null, checked: 10 });
  });

  it("accepts an empty chain with the genesis head", () => {
    expect(verify([], { seq: 0, hash: GENESIS_HASH }).brk).toBeNull();
  });

  it("names the first altered event", () => {
    const altered = chain.map((e) => (e.seq === 4 ? { ...e, summary: '{"after":{"n":999}}' } : e));
    expect(verify(altered, head).brk).toMatchObject({ seq: 4, reason: "altered" });
  });

  it("detects an altered event even when its hash was recomputed", () => {
    const e4 = chain[3]!;
    const forged = { ...e4, actorLabel: "Mallory" };
    const rehashed = { ...forged, hash: hashEvent(forged) };
    const tampered = chain.map((e) => (e.seq === 4 ? rehashed : e));
    expect(verify(tampered, head).brk).toMatchObject({ seq: 5, reason: "reordered" });
  });

  it("detects a removed event in the middle", () => {
    expect(
      verify(
        chain.filter((e) => e.seq !== 6),
        head,
      ).brk,
    ).toMatchObject({ seq: 6, reason: "missing" });
  });

  it("detects removal of the newest events through the head", () => {
    expect(verify(chain.slice(0, 8), head).brk).toMatchObject({ reason: "head-mismatch" });
  });

  it("detects two swapped events", () => {
    const swapped = chain.map((e) => {
      if (e.seq === 3) return { ...chain[4]!, seq: 3 };
      if (e.seq === 5) return { ...chain[2]!, seq: 5 };
      return e;
    });
    expect(verify(swapped, head).brk).toMatchObject({ seq: 3 });
  });
});
