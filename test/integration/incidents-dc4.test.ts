/**
 * The incident register's DC4 feed (issue 7 §4): incidents flagged for disclosure whose awareness
 * falls in the engagement's period appear in the report's DC4 and in the system description's
 * completeness; a period with none says so explicitly. Also the demo loader's register.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UserActor } from "../../src/app/actor.js";
import { loadIncidentsDemo } from "../../src/app/demo-incidents.js";
import { gatherReportInput } from "../../src/app/use-cases/report-data.js";
import { descriptionBlocks } from "../../src/core/report-description.js";
import { signInActor } from "../support/actors.js";
import { describeEachDatabase } from "../support/databases.js";
import type { Json } from "../support/http.js";
import { addControl, addProgram, newEngagement, ok, setUpWorld, type World } from "./workpaper-fixture.js";

const breach = (over: Record<string, unknown> = {}) => ({
  title: "Merchant KYC documents readable from a public bucket",
  detectedAt: "2026-03-10T04:00:00Z",
  awareAt: "2026-03-10T05:00:00Z",
  reportedBy: "Security operations",
  classification: "breach",
  severity: "SEV2",
  personalData: true,
  jurisdictions: ["india"],
  ...over,
});

describeEachDatabase("incident register: DC4 and demo", (target) => {
  let w: World;
  let base: string;

  beforeAll(async () => {
    w = await setUpWorld(target);
    base = `/api/organizations/${w.tenant.orgId}/incidents`;
  });
  afterAll(async () => {
    await w?.t.close();
  });

  describe("DC4 feed", () => {
    let manager: UserActor;
    let disclosedInPeriod: string;

    beforeAll(async () => {
      manager = await signInActor(w.deps, w.tenant.users.partner.email);
    });

    const dc4Text = async (engagementId: string) => {
      const input = await gatherReportInput(w.deps, manager, engagementId, {
        reportDate: "2027-02-15",
        version: 1,
        draft: true,
      });
      const blocks = descriptionBlocks(input);
      const at = blocks.findIndex((b) => b.kind === "heading" && b.text === "DC4 System incidents");
      return { opening: blocks[at + 1], table: blocks[at + 2] };
    };

    it("says there were none when the period has no disclosed incidents", async () => {
      // The fixture's engagement covers calendar 2026; the incidents so far are not flagged or fall in November.
      const other = await setUpWorld(target);
      try {
        const e = await newEngagement(other);
        const c = await addControl(other.deps, e.org_id, "CHG-1");
        await addProgram(other.deps, e, [{ controlId: c, code: "CHG-1", criteria: ["CC8.1"] }]);
        const partner = await signInActor(other.deps, other.tenant.users.partner.email);
        const input = await gatherReportInput(other.deps, partner, e.id, {
          reportDate: "2027-02-15",
          version: 1,
          draft: true,
        });
        expect(input.description.incidents).toEqual([]);
        const blocks = descriptionBlocks(input);
        const at = blocks.findIndex((b) => b.kind === "heading" && b.text === "DC4 System incidents");
        expect(blocks[at + 1]).toEqual({
          kind: "paragraph",
          text: "There were no system incidents to disclose throughout the period 1 January 2026 to 31 December 2026.",
        });
        const sd = await ok(other.s.orgAdmin.request("GET", `/api/engagements/${e.id}/system-description`));
        expect(sd.registerIncidents).toEqual([]);
      } finally {
        await other.t.close();
      }
    });

    it("lists disclosed incidents whose awareness falls in the period, in the report and the description", async () => {
      const e = await newEngagement(w);
      const c = await addControl(w.deps, e.org_id, "CHG-9");
      await addProgram(w.deps, e, [{ controlId: c, code: "CHG-9", criteria: ["CC8.1"] }]);
      const disclosure = (nature: string) => ({
        disclose: true,
        disclosure: { nature, extent: "Limited", resolution: "Fixed" },
      });
      const made = await ok(
        w.s.orgAdmin.request(
          "POST",
          base,
          breach({
            title: "March outage",
            detectedAt: "2026-03-10T04:00:00Z",
            awareAt: "2026-03-10T05:00:00Z",
          }),
        ),
        201,
      );
      disclosedInPeriod = made.incident.id;
      await ok(
        w.s.orgAdmin.request(
          "PATCH",
          `/api/incidents/${disclosedInPeriod}`,
          disclosure("Payment API outage"),
        ),
      );
      const before = await ok(
        w.s.orgAdmin.request(
          "POST",
          base,
          breach({ title: "Old one", detectedAt: "2025-12-31T10:00:00Z", awareAt: "2025-12-31T11:00:00Z" }),
        ),
        201,
      );
      await ok(
        w.s.orgAdmin.request(
          "PATCH",
          `/api/incidents/${before.incident.id}`,
          disclosure("Before the period"),
        ),
      );

      // One flagged incident in the period, one flagged before it, one in the period not flagged.
      const expected = ["Payment API outage"];
      await ok(w.s.orgAdmin.request("POST", base, breach({ title: "Not flagged" })), 201);
      const { opening, table } = await dc4Text(e.id);
      expect(opening).toMatchObject({
        kind: "paragraph",
        text: expect.stringContaining(
          "Management discloses the following system incident throughout the period 1 January 2026",
        ),
      });
      expect(table).toMatchObject({ kind: "table" });
      const rows = (table as unknown as { rows: string[][] }).rows;
      expect(rows.map((r) => r[1])).toEqual(expected);
      expect(rows[0]?.[0]).toBe("10 March 2026");

      const sd = await ok(w.s.orgAdmin.request("GET", `/api/engagements/${e.id}/system-description`));
      expect(sd.registerIncidents.map((r: Json) => r.nature)).toEqual(expected);
      expect(sd.completeness.missing.some((m: Json) => m.section === "DC4")).toBe(false);

      await ok(w.s.orgAdmin.request("PATCH", `/api/incidents/${disclosedInPeriod}`, { disclose: false }));
      const after = await dc4Text(e.id);
      expect(after.opening).toEqual({
        kind: "paragraph",
        text: "There were no system incidents to disclose throughout the period 1 January 2026 to 31 December 2026.",
      });
    });
  });

  describe("demo data", () => {
    it("loads a closed disclosed breach with timely notices, a closed event and a live breach", async () => {
      const [orgAdmin, controlOwner] = await Promise.all([
        signInActor(w.deps, w.other.users.org_admin.email),
        signInActor(w.deps, w.other.users.control_owner.email),
      ]);
      const started = performance.now();
      await loadIncidentsDemo(w.deps, { orgId: w.other.orgId, orgAdmin, controlOwner });
      const ms = performance.now() - started;
      const list = await ok(
        w.s.otherOrgAdmin.request("GET", `/api/organizations/${w.other.orgId}/incidents`),
      );
      const byRef = Object.fromEntries(list.incidents.map((i: Json) => [i.ref, i]));
      expect(byRef["INC-001"]).toMatchObject({
        status: "closed",
        disclose: true,
        severity: "SEV2",
        classification: "breach",
      });
      expect(byRef["INC-001"].clocks.map((c: Json) => [c.id, c.status, c.late])).toEqual([
        ["cert-in", "done", false],
        ["dpdp-board-intimation", "done", false],
        ["dpdp-principals", "done", false],
        ["dpdp-board-report", "done", false],
      ]);
      expect(byRef["INC-002"]).toMatchObject({
        status: "closed",
        disclose: false,
        severity: "SEV3",
        clocks: [],
      });
      expect(byRef["INC-003"].status).toBe("open");
      expect(byRef["INC-003"].clocks.find((c: Json) => c.id === "cert-in").status).toBe("pending");
      const history = (await ok(w.s.otherOrgAdmin.request("GET", `/api/incidents/${byRef["INC-001"].id}`)))
        .incident.history;
      const times = history.map((h: Json) => h.at);
      expect([...times].sort()).toEqual(times);
      // Informative, not asserted as a timing: the demo should stay quick.
      console.info(`incident demo loaded in ${ms.toFixed(0)} ms on ${target.name}`);
    });
  });
});
