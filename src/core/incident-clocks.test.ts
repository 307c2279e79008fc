import { describe, expect, it } from "vitest";
import {
  applicableClocks,
  type ClockFacts,
  clockNotes,
  formatDuration,
  notificationClocks,
} from "./incident-clocks.js";

const AWARE = "2026-07-14T10:00:00.000Z";
const at = (iso: string) => new Date(iso);
const breachIndia: ClockFacts = {
  classification: "breach",
  personalData: true,
  jurisdictions: ["india"],
  certInReportable: true,
};

describe("which notification clocks apply", () => {
  it("a reportable personal data breach in India starts CERT-In and the three DPDP clocks", () => {
    expect(applicableClocks(breachIndia)).toEqual([
      "cert-in",
      "dpdp-board-intimation",
      "dpdp-principals",
      "dpdp-board-report",
    ]);
  });

  it("EU personal data adds the GDPR supervisory authority; India absent drops DPDP", () => {
    expect(applicableClocks({ ...breachIndia, jurisdictions: ["eu"] })).toEqual([
      "cert-in",
      "gdpr-authority",
    ]);
    expect(applicableClocks({ ...breachIndia, jurisdictions: ["india", "eu"] })).toContain("gdpr-authority");
  });

  it("no personal data, or not classified as a breach, means no privacy clock", () => {
    expect(applicableClocks({ ...breachIndia, personalData: false })).toEqual(["cert-in"]);
    expect(applicableClocks({ ...breachIndia, classification: "incident" })).toEqual(["cert-in"]);
    expect(applicableClocks({ ...breachIndia, classification: "event", certInReportable: false })).toEqual(
      [],
    );
  });

  it("has no RBI or SEBI clock (the fact base gives no figure); a regulator gets a note instead", () => {
    const facts = { ...breachIndia, regulators: ["RBI"] };
    expect(applicableClocks(facts).some((c) => /rbi|sebi/i.test(c))).toBe(false);
    expect(clockNotes(facts).some((n) => n.startsWith("RBI-regulated"))).toBe(true);
  });
});

describe("deadlines and status", () => {
  it("counts CERT-In 6 h and DPDP/GDPR 72 h from awareness; without delay is due at awareness", () => {
    const clocks = notificationClocks(
      { ...breachIndia, jurisdictions: ["india", "eu"] },
      AWARE,
      [],
      at("2026-07-14T11:30:00Z"),
    );
    const by = Object.fromEntries(clocks.map((c) => [c.id, c]));
    expect(by["cert-in"]).toMatchObject({
      dueAt: "2026-07-14T16:00:00.000Z",
      status: "pending",
      msLeft: 4.5 * 3_600_000,
    });
    expect(by["dpdp-board-report"]?.dueAt).toBe("2026-07-17T10:00:00.000Z");
    expect(by["gdpr-authority"]?.dueAt).toBe("2026-07-17T10:00:00.000Z");
    expect(by["dpdp-board-intimation"]).toMatchObject({
      dueAt: AWARE,
      withoutDelay: true,
      status: "due_now",
      msLeft: null,
    });
    expect(by["dpdp-principals"]?.status).toBe("due_now");
  });

  it("a clock past its deadline without a notification is overdue with negative time left", () => {
    const [cert] = notificationClocks(breachIndia, AWARE, [], at("2026-07-14T16:00:01Z"));
    expect(cert).toMatchObject({ id: "cert-in", status: "overdue", msLeft: -1000 });
  });

  it("the exact deadline is still pending", () => {
    const [cert] = notificationClocks(breachIndia, AWARE, [], at("2026-07-14T16:00:00Z"));
    expect(cert?.status).toBe("pending");
  });

  it("a recorded notification marks the clock done with its first time and reference, late when after the deadline", () => {
    const sent = [
      { clock: "cert-in", sentAt: "2026-07-14T17:00:00Z", recipient: "CERT-In", reference: "second" },
      { clock: "cert-in", sentAt: "2026-07-14T15:00:00Z", recipient: "CERT-In", reference: "CERTIN-1" },
      { clock: "dpdp-board-report", sentAt: "2026-07-18T10:00:00Z", recipient: "Board", reference: "DPB-9" },
    ];
    const clocks = notificationClocks(breachIndia, AWARE, sent, at("2026-07-20T00:00:00Z"));
    expect(clocks.find((c) => c.id === "cert-in")).toMatchObject({
      status: "done",
      sentAt: "2026-07-14T15:00:00Z",
      reference: "CERTIN-1",
      late: false,
      msLeft: null,
    });
    expect(clocks.find((c) => c.id === "dpdp-board-report")).toMatchObject({ status: "done", late: true });
  });

  it("keeps a notified clock visible after the facts stop calling for it, marked as not applying", () => {
    const sent = [{ clock: "gdpr-authority", sentAt: AWARE, recipient: "DPC", reference: "x" }];
    const clocks = notificationClocks(breachIndia, AWARE, sent, at(AWARE));
    expect(clocks.find((c) => c.id === "gdpr-authority")).toMatchObject({ applies: false, status: "done" });
    expect(clocks.find((c) => c.id === "cert-in")?.applies).toBe(true);
  });
});

describe("notes and durations", () => {
  it("warns when personal data is involved but the incident is not a breach", () => {
    expect(clockNotes({ ...breachIndia, classification: "incident" })[0]).toMatch(/classify it as a breach/);
    expect(clockNotes(breachIndia)).toEqual([]);
  });

  it("formats durations in days, hours and minutes", () => {
    expect(formatDuration(45 * 60_000)).toBe("45 min");
    expect(formatDuration(-(5 * 60 + 12) * 60_000)).toBe("5 h 12 min");
    expect(formatDuration((2 * 24 + 3) * 3_600_000)).toBe("2 d 3 h");
  });
});
