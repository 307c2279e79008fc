/** Routes that need no sign-in: health, the firm's public enquiry page, the catalog, scoping advice, notifications. */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { listCriteria } from "../../app/catalog.js";
import type { Deps } from "../../app/deps.js";
import { getNotifications, markNotificationRead } from "../../app/use-cases/dashboards.js";
import {
  getPublicFirm,
  PublicQuoteSchema,
  previewPublicQuote,
  SubmitEnquirySchema,
  submitEnquiry,
} from "../../app/use-cases/enquiries.js";
import { adviseType, TypeAdviceSchema } from "../../app/use-cases/scoping-advice.js";

const SlugParams = z.object({ slug: z.string().min(1).max(100) });

export const publicRoutes =
  (deps: Deps, version: string): FastifyPluginAsyncZod =>
  async (app) => {
    app.get("/api/health", { schema: { tags: ["meta"], summary: "Health check" } }, async () => ({
      status: "ok",
      database: deps.dbKind,
      version,
    }));

    app.get(
      "/api/public/firms/:slug",
      { schema: { tags: ["public"], summary: "A firm's public page", params: SlugParams } },
      async (request) => getPublicFirm(deps, request.params.slug),
    );
    app.post(
      "/api/public/firms/:slug/quote",
      {
        schema: {
          tags: ["public"],
          summary: "Indicative fixed-price quote",
          params: SlugParams,
          body: PublicQuoteSchema,
        },
      },
      async (request) => previewPublicQuote(deps, request.params.slug, request.body),
    );
    app.post(
      "/api/public/firms/:slug/enquiries",
      {
        schema: {
          tags: ["public"],
          summary: "Ask for a scoping meeting",
          params: SlugParams,
          body: SubmitEnquirySchema,
        },
      },
      async (request, reply) =>
        reply.status(201).send(await submitEnquiry(deps, request.actor, request.params.slug, request.body)),
    );

    app.get(
      "/api/catalog/criteria",
      {
        schema: {
          tags: ["catalog"],
          summary: "The 61 trust services criteria (our titles and guidance)",
          querystring: z.object({ category: z.string().max(5).optional() }),
        },
      },
      async (request) => ({ criteria: listCriteria({ category: request.query.category }) }),
    );

    app.post(
      "/api/scoping/advice",
      { schema: { tags: ["scoping"], summary: "Type 1 or Type 2 advice", body: TypeAdviceSchema } },
      async (request) => adviseType(request.actor, request.body),
    );

    app.get(
      "/api/notifications",
      { schema: { tags: ["notifications"], summary: "Your notifications" } },
      async (request) => getNotifications(deps, request.actor),
    );
    app.post(
      "/api/notifications/:id/read",
      {
        schema: {
          tags: ["notifications"],
          summary: "Mark a notification read",
          params: z.object({ id: z.string().max(100) }),
        },
      },
      async (request) => {
        await markNotificationRead(deps, request.actor, request.params.id);
        return { ok: true };
      },
    );
  };
