/**
 * OSCAL import (issue 6 §2): POST /api/organizations/:orgId/oscal/import takes the document as the
 * JSON body (application/json or application/oscal+json) and detects its model; the organization's
 * imported frameworks are listed and shown with their controls.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Deps } from "../../app/deps.js";
import {
  getImportedFramework,
  importOscal,
  listImportedFrameworks,
} from "../../app/use-cases/oscal-import.js";
import { AppError } from "../../core/errors.js";

const Id = z.string().min(1).max(100);
const tags = ["oscal"];

/** NIST's complete SP 800-53 rev 5 catalog is about 10 MB of JSON; twice that leaves room. */
export const OSCAL_IMPORT_BODY_LIMIT = 20 * 1024 * 1024;

const ImportQuery = z.object({
  vendorId: Id.optional(),
  catalogId: Id.optional(),
  sourceName: z.string().trim().min(1).max(255).optional(),
});

export const oscalImportRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    // OSCAL's own media type; scoped to this plugin's routes.
    app.addContentTypeParser(
      "application/oscal+json",
      { parseAs: "string", bodyLimit: OSCAL_IMPORT_BODY_LIMIT },
      (_request, body, done) => {
        try {
          done(null, JSON.parse(String(body)));
        } catch {
          done(new AppError("VALIDATION", "The request body is not valid JSON."), undefined);
        }
      },
    );

    app.post(
      "/api/organizations/:orgId/oscal/import",
      {
        bodyLimit: OSCAL_IMPORT_BODY_LIMIT,
        schema: {
          tags,
          summary:
            "Import an OSCAL catalog or profile as a framework, or a component definition as a vendor's CSOCs (?vendorId=)",
          params: z.object({ orgId: Id }),
          querystring: ImportQuery,
          body: z.unknown(),
        },
      },
      async (request, reply) =>
        reply.status(201).send(
          await importOscal(deps, request.actor, request.params.orgId, {
            document: request.body,
            vendorId: request.query.vendorId,
            catalogId: request.query.catalogId,
            sourceName: request.query.sourceName,
          }),
        ),
    );

    app.get(
      "/api/organizations/:orgId/imported-frameworks",
      {
        schema: {
          tags,
          summary: "Frameworks and component definitions the organization imported from OSCAL",
          params: z.object({ orgId: Id }),
        },
      },
      async (request) => listImportedFrameworks(deps, request.actor, request.params.orgId),
    );

    app.get(
      "/api/imported-frameworks/:id",
      {
        schema: {
          tags,
          summary: "An imported framework with its controls (a profile: the controls it selects)",
          params: z.object({ id: Id }),
        },
      },
      async (request) => getImportedFramework(deps, request.actor, request.params.id),
    );
  };
