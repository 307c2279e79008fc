/**
 * Routes of engagement as code (issue 6 §4): GET /api/engagements/:id/code.yaml exports the
 * engagement as "fieldwork/v1" YAML; POST /api/organizations/:orgId/engagements/import-yaml takes
 * the YAML text (application/yaml, text/yaml or text/plain) and creates an engagement, or applies
 * the file to ?engagementId=. Who may apply which part is decided in the use-case.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Deps } from "../../app/deps.js";
import { exportEngagementYaml } from "../../app/use-cases/engagement-code.js";
import { importEngagementYaml } from "../../app/use-cases/engagement-code-import.js";

const Id = z.string().min(1).max(100);
const tags = ["engagement-code"];
const YAML_BODY_LIMIT = 5 * 1024 * 1024;

const ImportResultSchema = z.object({
  engagementId: z.string(),
  created: z.boolean(),
  applied: z.array(z.string()),
  unchanged: z.array(z.string()),
  skipped: z.array(z.object({ section: z.string(), reason: z.string() })),
  controls: z.object({ created: z.array(z.string()), updated: z.array(z.string()) }),
  policies: z.object({ created: z.array(z.string()), updated: z.array(z.string()) }),
  warnings: z.array(z.string()),
});

export const engagementCodeRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    // YAML media types and text/plain as text, scoped to this plugin (the API is JSON elsewhere).
    app.addContentTypeParser(
      ["application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "text/plain"],
      { parseAs: "string", bodyLimit: YAML_BODY_LIMIT },
      (_request, body, done) => done(null, String(body)),
    );

    app.get(
      "/api/engagements/:id/code.yaml",
      {
        schema: {
          tags,
          summary:
            "The engagement as code: scope, boundary, subservice organizations, controls, policy metadata and system description as fieldwork/v1 YAML",
          params: z.object({ id: Id }),
        },
      },
      async (request, reply) => {
        const file = await exportEngagementYaml(deps, request.actor, request.params.id);
        return reply
          .header("content-type", "application/yaml; charset=utf-8")
          .header(
            "content-disposition",
            `attachment; filename="${file.fileName.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
          )
          .header("cache-control", "no-store")
          .send(file.yaml);
      },
    );

    app.post(
      "/api/organizations/:orgId/engagements/import-yaml",
      {
        bodyLimit: YAML_BODY_LIMIT,
        schema: {
          tags,
          summary:
            "Import a fieldwork/v1 YAML file: a new engagement (firm's partner or manager), or into ?engagementId= (scope by the firm in Scoping; controls, policies and description by the organization's admin)",
          params: z.object({ orgId: Id }),
          querystring: z.object({ engagementId: Id.optional() }),
          // The YAML text; checked in the use-case after access, so a foreign tenant's id answers 404 first.
          body: z
            .unknown()
            .describe("The fieldwork/v1 YAML text (application/yaml, text/yaml or text/plain)"),
          response: { 200: ImportResultSchema, 201: ImportResultSchema },
        },
      },
      async (request, reply) => {
        const result = await importEngagementYaml(deps, request.actor, request.params.orgId, {
          yaml: request.body,
          engagementId: request.query.engagementId,
        });
        return reply.status(result.created ? 201 : 200).send(result);
      },
    );
  };
