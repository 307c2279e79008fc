/**
 * Report currency (issue 5 §6): the firm's clients whose SOC 2 report is near the end of its twelve
 * months of currency, and an organization's own report with what to do about it.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Deps } from "../../app/deps.js";
import { getFirmReportCurrency, getOrgReportCurrency } from "../../app/use-cases/report-currency.js";

const tags = ["reports"];

export const reportCurrencyRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      "/api/firms/:firmId/report-currency",
      {
        schema: {
          tags,
          summary:
            "Each client's latest issued SOC 2 report: current until, days left, warning level (90/60/30/expired), bridge letter and next-period engagement, what to offer",
          params: z.object({ firmId: z.string().min(1).max(100) }),
        },
      },
      async (request) => getFirmReportCurrency(deps, request.actor, request.params.firmId),
    );

    app.get(
      "/api/organizations/:orgId/report-currency",
      {
        schema: {
          tags,
          summary:
            "The organization's report currency, its issued SOC 2 reports and its bridge letters (organization members; the auditing firm's team)",
          params: z.object({ orgId: z.string().min(1).max(100) }),
        },
      },
      async (request) => getOrgReportCurrency(deps, request.actor, request.params.orgId),
    );
  };
