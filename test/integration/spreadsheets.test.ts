/**
 * The xlsx exports (issue 6 §3) through the API on both databases: each file opens with exceljs and
 * holds the rows the API shows (counts, values, types: dates are Dates, counts are numbers), with a
 * frozen bold header and an autofilter; who may download each; another tenant's ids answer 404; and
 * the request list's xlsx goes out and comes back in.
 */
import { randomUUID } from "node:crypto";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Session } from "../support/app.js";
import { describeEachDatabase } from "../support/databases.js";
import { expectError, type Json } from "../support/http.js";
import {
  addEvidence,
  addPopulation,
  addProgram,
  addSample,
  grid,
  newEngagement,
  ok,
  setUpWorld,
  type Tenancy,
  type World,
} from "./workpaper-fixture.js";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** Header labels of a sheet, by column number. */
const headersOf = (ws: ExcelJS.Worksheet): string[] =>
  (ws.getRow(1).values as unknown[]).slice(1).map((v) => String(v ?? ""));

/** The data rows of a sheet as objects keyed by header label. */
const rowsOf = (ws: ExcelJS.Worksheet): Record<string, ExcelJS.CellValue>[] => {
  const headers = headersOf(ws);
  const out: Record<string, ExcelJS.CellValue>[] = [];
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    out.push(Object.fromEntries(headers.map((h, i) => [h, row.getCell(i + 1).value])));
  }
  return out;
};

/** The day of a cell that must hold a real Excel date. */
const dayOf = (v: ExcelJS.CellValue | undefined): string => {
  expect(v).toBeInstanceOf(Date);
  return (v as Date).toISOString().slice(0, 10);
};

const expectHouseStyle = (ws: ExcelJS.Worksheet) => {
  expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
  expect(ws.autoFilter).toBeTruthy();
  expect(ws.getRow(1).font?.bold).toBe(true);
  for (let c = 1; c <= ws.columnCount; c++) {
    const width = ws.getColumn(c).width ?? 0;
    expect(width).toBeGreaterThanOrEqual(8);
    expect(width).toBeLessThanOrEqual(60);
  }
};

describeEachDatabase("xlsx exports", (target) => {
  let w: World;
  let e: Tenancy;
  let otherE: Tenancy;
  let controls: { chg: string; iam: string };
  let evidenceSha: string;

  const download = async (s: Session, url: string) => {
    const res = await w.t.app.inject({ method: "GET", url, headers: { cookie: s.cookie } });
    return {
      status: res.statusCode,
      headers: res.headers,
      body: res.rawPayload,
      json: (): Json => res.json(),
    };
  };

  const workbook = async (s: Session, url: string): Promise<ExcelJS.Workbook> => {
    const res = await download(s, url);
    expect(res.status, res.body.toString("utf8").slice(0, 300)).toBe(200);
    expect(res.headers["content-type"]).toBe(XLSX);
    expect(String(res.headers["content-disposition"])).toMatch(/^attachment; filename=".+\.xlsx"$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as unknown as ExcelJS.Buffer);
    return wb;
  };

  const createControl = async (body: Record<string, unknown>): Promise<string> =>
    (await ok(w.s.orgAdmin.request("POST", `/api/organizations/${w.tenant.orgId}/controls`, body), 201)).id;

  beforeAll(async () => {
    w = await setUpWorld(target);
    e = await newEngagement(w);
    otherE = await newEngagement(w, w.other, w.s.otherManager);
    controls = {
      chg: await createControl({
        code: "CHG-01",
        title: "Production changes are approved before deployment",
        description:
          "Every merge to the payments service needs an approving review by someone other than the author.",
        domain: "change",
        criteria: ["CC8.1", "CC6.8"],
        frequency: "daily",
        automation: "manual",
        ownerUserId: w.ids.owner,
      }),
      iam: await createControl({
        code: "IAM-01",
        title: "Quarterly access review of UPI switch",
        description: "The CISO reviews access to the UPI switch every quarter.",
        domain: "identity",
        criteria: ["CC6.2"],
        frequency: "quarterly",
        automation: "manual",
      }),
    };
    // Two versions of one evidence item (only the current counts) linked to CHG-01.
    evidenceSha = "a".repeat(64);
    const first = await addEvidence(w.deps, e.org_id, "b".repeat(64));
    const current = await addEvidence(w.deps, e.org_id, evidenceSha, {
      id: first,
      seriesId: first,
      version: 1,
    });
    await w.deps.db
      .updateTable("evidence_items")
      .set({ effective_date: "2026-09-15" })
      .where("id", "=", current)
      .execute();
    for (const id of [first, current]) {
      await w.deps.db
        .insertInto("evidence_links")
        .values({
          evidence_id: id,
          control_id: controls.chg,
          org_id: e.org_id,
          linked_by: null,
          linked_at: new Date().toISOString(),
        })
        .execute();
    }
    // CHG-01 is in the program, tested on 25 items with one failure (an exception) and evidence on one cell.
    await addProgram(w.deps, e, [{ controlId: controls.chg, code: "CHG-01", criteria: ["CC8.1"] }]);
    const population = await addPopulation(w.deps, e, controls.chg);
    const sample = await addSample(w.deps, e, population, controls.chg, 25);
    const wp = (
      await ok(
        w.s.staff.request("POST", `/api/engagements/${e.id}/workpapers`, {
          controlId: controls.chg,
          sampleId: sample,
        }),
        201,
      )
    ).workpaper.id as string;
    const cells = grid(25, "pass", { "row-3:A1": "fail", "row-4:A2": "na" }).map((c) =>
      c.itemKey === "row-3" && c.attributeId === "A1"
        ? { ...c, note: "No approval on the ticket", evidenceId: current }
        : c,
    );
    await ok(w.s.staff.request("PUT", `/api/workpapers/${wp}/results`, { cells }));
    const exc = (await ok(w.s.staff.request("GET", `/api/engagements/${e.id}/exceptions`))).exceptions[0];
    await ok(w.s.staff.request("PATCH", `/api/exceptions/${exc.id}`, { cause: "Approver on leave" }));
    await ok(
      w.s.orgAdmin.request("POST", `/api/exceptions/${exc.id}/responses`, {
        response: "The approver was on leave; the change was low risk.",
        remediation: "Added a delegate approver rota.",
        remediationDate: "2026-10-31",
      }),
      201,
    );
  });
  afterAll(async () => w?.t.close());

  describe("control matrix", () => {
    const url = () => `/api/organizations/${w.tenant.orgId}/spreadsheets/control-matrix.xlsx`;

    it("holds one row per control the API lists, with owners, typed counts and dates", async () => {
      const api = (await ok(w.s.owner.request("GET", `/api/organizations/${w.tenant.orgId}/controls`)))
        .controls;
      const wb = await workbook(w.s.owner, url());
      const ws = wb.getWorksheet("Controls");
      if (!ws) throw new Error("no Controls sheet");
      expectHouseStyle(ws);
      const rows = rowsOf(ws);
      expect(rows.map((r) => r.Code)).toEqual(api.map((c: Json) => c.code));
      expect(headersOf(ws)).not.toContain("In scope");
      const chg = rows.find((r) => r.Code === "CHG-01");
      expect(chg).toMatchObject({
        Title: "Production changes are approved before deployment",
        Criteria: "CC8.1, CC6.8",
        Owner: expect.stringContaining("control_owner"),
        "Owner email": w.tenant.users.control_owner.email,
        Frequency: "daily",
        "Evidence count": 1,
      });
      expect(dayOf(chg?.["Latest evidence"])).toBe("2026-09-15");
      const iam = rows.find((r) => r.Code === "IAM-01");
      expect(iam?.["Evidence count"]).toBe(0);
      expect(iam?.["Latest evidence"]).toBeNull();
      expect(iam?.Owner).toBeNull();
    });

    it("lists each criterion with the controls addressing it, and the framework links", async () => {
      const wb = await workbook(w.s.manager, url());
      const ws = wb.getWorksheet("Criteria");
      if (!ws) throw new Error("no Criteria sheet");
      expectHouseStyle(ws);
      const rows = rowsOf(ws);
      expect(rows).toHaveLength(61);
      expect(rows.find((r) => r.Criterion === "CC8.1")).toMatchObject({
        Controls: 1,
        "Control codes": "CHG-01",
      });
      expect(rows.find((r) => r.Criterion === "CC1.1")).toMatchObject({ Controls: 0, Covered: "n" });
      const mappings = wb.getWorksheet("Framework mappings");
      if (mappings) {
        expectHouseStyle(mappings);
        const links = rowsOf(mappings);
        expect(links.length).toBeGreaterThan(0);
        for (const l of links.filter((x) => x.Criterion === "CC8.1")) {
          expect(String(l["Control codes"])).toContain("CHG-01");
        }
      }
    });

    it("with an engagement, marks scope from the program and shows the firm its test methods", async () => {
      const wb = await workbook(w.s.manager, `${url()}?engagementId=${e.id}`);
      const rows = rowsOf(wb.getWorksheet("Controls") as ExcelJS.Worksheet);
      expect(rows.find((r) => r.Code === "CHG-01")).toMatchObject({
        "In scope": "y",
        "Test method": "inquiry, inspection",
      });
      expect(rows.find((r) => r.Code === "IAM-01")).toMatchObject({ "In scope": "n", "Test method": null });
      const client = await workbook(w.s.orgAdmin, `${url()}?engagementId=${e.id}`);
      const ws = client.getWorksheet("Controls") as ExcelJS.Worksheet;
      expect(headersOf(ws)).toContain("In scope");
      expect(headersOf(ws)).not.toContain("Test method");
    });

    it("is for the organization's admins and control owners and the firm; others get 403 or 404", async () => {
      expectError(await download(w.s.employee, url()), 403, "FORBIDDEN");
      expect((await download(w.s.firmAdmin, url())).status).toBe(200);
      expectError(await download(w.s.otherManager, url()), 404, "NOT_FOUND");
      expectError(await download(w.s.otherOrgAdmin, url()), 404, "NOT_FOUND");
      expectError(await download(w.s.manager, `${url()}?engagementId=${otherE.id}`), 404, "NOT_FOUND");
      const anonymous = await w.t.app.inject({ method: "GET", url: url() });
      expect(anonymous.statusCode).toBe(401);
    });
  });

  describe("workpapers", () => {
    const url = () => `/api/engagements/${e.id}/spreadsheets/workpapers.xlsx`;

    it("summarises each workpaper and lays out its items × attributes grid as P/F/N", async () => {
      const api = (await ok(w.s.staff.request("GET", `/api/engagements/${e.id}/workpapers`))).workpapers;
      const wb = await workbook(w.s.staff, url());
      const summary = wb.getWorksheet("Summary");
      if (!summary) throw new Error("no Summary sheet");
      expectHouseStyle(summary);
      const rows = rowsOf(summary);
      expect(rows).toHaveLength(api.length);
      expect(rows[0]).toMatchObject({
        Control: "CHG-01",
        Status: "open",
        Basis: "sample",
        "Items tested": 25,
        Exceptions: 1,
        "Exception refs": "EXC-001",
        Preparer: null,
      });
      const sheet = wb.getWorksheet("CHG-01");
      if (!sheet) throw new Error("no workpaper sheet");
      expectHouseStyle(sheet);
      const headers = headersOf(sheet);
      expect(headers.slice(0, 2)).toEqual(["Item", "Date"]);
      expect(headers[2]).toMatch(/^A1 /);
      expect(headers).toContain("Evidence SHA-256");
      const grid = rowsOf(sheet);
      expect(grid).toHaveLength(25);
      const a1 = headers[2] as string;
      const a2 = headers[3] as string;
      expect(grid[0]).toMatchObject({ Item: "CHG-1", [a1]: "P", [a2]: "P" });
      expect(grid[0]?.Date).toBeInstanceOf(Date);
      expect(grid[2]).toMatchObject({
        Item: "CHG-3",
        [a1]: "F",
        Notes: "A1: No approval on the ticket",
        "Evidence SHA-256": evidenceSha,
      });
      expect(grid[3]?.[a2]).toBe("N");
    });

    it("is for the firm's team only", async () => {
      expectError(await download(w.s.orgAdmin, url()), 403, "FORBIDDEN");
      expectError(await download(w.s.employee, url()), 403, "FORBIDDEN");
      expectError(await download(w.s.otherManager, url()), 404, "NOT_FOUND");
      expectError(
        await download(w.s.manager, `/api/engagements/${randomUUID()}/spreadsheets/workpapers.xlsx`),
        404,
        "NOT_FOUND",
      );
    });
  });

  describe("exception list", () => {
    const url = () => `/api/engagements/${e.id}/spreadsheets/exceptions.xlsx`;

    it("holds the exceptions the API lists, with counts as numbers and management's response", async () => {
      const api = (await ok(w.s.manager.request("GET", `/api/engagements/${e.id}/exceptions`))).exceptions;
      const wb = await workbook(w.s.manager, url());
      const ws = wb.getWorksheet("Exceptions");
      if (!ws) throw new Error("no Exceptions sheet");
      expectHouseStyle(ws);
      const rows = rowsOf(ws);
      expect(rows.map((r) => r.Ref)).toEqual(api.map((x: Json) => x.ref));
      expect(rows[0]).toMatchObject({
        Ref: "EXC-001",
        Control: "CHG-01",
        Kind: api[0].kind,
        Deviations: 1,
        Tested: 25,
        "Deviations of tested": "1 of 25",
        Classification: api[0].classification,
        Cause: "Approver on leave",
        "Management response": "The approver was on leave; the change was low risk.",
        Remediation: "Added a delegate approver rota.",
        Status: api[0].status,
      });
      expect(dayOf(rows[0]?.["Remediation date"])).toBe("2026-10-31");
      expect(rows[0]?.Raised).toBeInstanceOf(Date);
    });

    it("gives the organization's admin its copy without the auditors' classification", async () => {
      const wb = await workbook(w.s.orgAdmin, url());
      const ws = wb.getWorksheet("Exceptions") as ExcelJS.Worksheet;
      expect(headersOf(ws)).not.toContain("Classification");
      expect(rowsOf(ws)).toHaveLength(1);
    });

    it("refuses control owners and employees, and other tenants", async () => {
      expectError(await download(w.s.owner, url()), 403, "FORBIDDEN");
      expectError(await download(w.s.employee, url()), 403, "FORBIDDEN");
      expectError(await download(w.s.otherManager, url()), 404, "NOT_FOUND");
      expectError(await download(w.s.otherOrgAdmin, url()), 404, "NOT_FOUND");
    });
  });

  describe("request list", () => {
    it("reads back the xlsx it exports: edited dates and new rows are imported", async () => {
      const created = await ok(
        w.s.manager.request("POST", `/api/engagements/${e.id}/requests`, {
          what: "Change tickets merged in Q2 with their approvals",
          controlId: controls.chg,
          dueDate: "2026-07-15",
        }),
        201,
      );
      const wb = await workbook(w.s.manager, `/api/engagements/${e.id}/requests/export?format=xlsx`);
      const ws = wb.getWorksheet("Requests");
      if (!ws) throw new Error("no Requests sheet");
      expectHouseStyle(ws);
      const headers = headersOf(ws);
      const due = headers.indexOf("Due date") + 1;
      expect(ws.getRow(2).getCell(due).value).toBeInstanceOf(Date);
      ws.getRow(2).getCell(due).value = new Date("2026-08-01T00:00:00.000Z");
      const added = ws.addRow([]);
      added.getCell(headers.indexOf("Request") + 1).value = "UPI switch access review for Q3";
      added.getCell(headers.indexOf("Control") + 1).value = "IAM-01";
      added.getCell(due).value = new Date("2026-10-15T00:00:00.000Z");
      const res = await w.t.app.inject({
        method: "POST",
        url: `/api/engagements/${e.id}/requests/import`,
        headers: { cookie: w.s.manager.cookie, "x-csrf-token": w.s.manager.csrf, "content-type": XLSX },
        payload: Buffer.from(await wb.xlsx.writeBuffer()),
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ format: "xlsx", unchanged: 0 });
      expect(res.json().created).toHaveLength(1);
      expect(res.json().updated).toHaveLength(1);
      const after = await ok(w.s.manager.request("GET", `/api/requests/${created.id}`));
      expect(JSON.stringify(after)).toContain("2026-08-01");
      const list = await ok(w.s.manager.request("GET", `/api/engagements/${e.id}/requests`));
      expect(JSON.stringify(list)).toContain("UPI switch access review for Q3");
    });
  });
});
