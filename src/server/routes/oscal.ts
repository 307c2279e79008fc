/**
 * /api/engagements/:id/oscal/:model: an engagement exported as an OSCAL 1.2.2 JSON document (issue 6
 * §2), for the engagement's firm team and the organization's administrator.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Deps } from "../../app/deps.js";
import { exportOscal, OscalExportModelSchema } from "../../app/use-cases/oscal-export.js";

const Id = z.string().min(1).max(100);
const tags = ["oscal"];

export const oscalRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      "/api/engagements/:id/oscal/:model",
      {
        schema: {
          tags,
          summary:
            "The engagement as an OSCAL 1.2.2 JSON download: catalog (criteria), profile (scope), ssp (system description), assessment-plan (audit program), assessment-results (tests and deviations), poam (exceptions and remediation) or mapping (framework mappings)",
          params: z.object({ id: Id, model: OscalExportModelSchema }),
        },
      },
      async (request, reply) => {
        const file = await exportOscal(deps, request.actor, {
          engagementId: request.params.id,
          model: request.params.model,
        });
        return reply
          .header("content-type", "application/json; charset=utf-8")
          .header("content-disposition", `attachment; filename="${file.fileName}"`)
          .header("cache-control", "no-store")
          .send(`${JSON.stringify(file.document, null, 2)}\n`);
      },
    );
  };
