/**
 * Routes of the SOC 3 report and the bridge letters (issue 5 §4): a partner issues the SOC 3 of a
 * Type 2 engagement (signed, public); an organization admin issues a bridge letter; the firm team and
 * the organization admin download the latest of each.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Deps } from "../../app/deps.js";
import { bridgeLetterDraft, previewBridgeLetter } from "../../app/use-cases/bridge-letter-builder.js";
import { BridgeLetterSchema, issueBridgeLetter } from "../../app/use-cases/bridge-letters.js";
import { downloadLatestOfKind, issueSoc3 } from "../../app/use-cases/soc3.js";
import { previewSoc3 } from "../../app/use-cases/soc3-preview.js";

const Params = z.object({ id: z.string().min(1).max(100) });
const tags = ["reports"];

const attachment = (filename: string): string => {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\%]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
};

export const soc3BridgeRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      "/api/engagements/:id/soc3",
      {
        schema: {
          tags,
          summary:
            "Issue the SOC 3 report of a Type 2 engagement, signed with the firm's certificate and public (partner)",
          params: Params,
        },
      },
      async (request, reply) =>
        reply.status(201).send(await issueSoc3(deps, request.actor, request.params.id)),
    );

    app.post(
      "/api/engagements/:id/bridge-letters",
      {
        schema: {
          tags,
          summary:
            "Issue a bridge letter from the organization's management for the gap after the SOC 2 report (organization admin)",
          params: Params,
          body: BridgeLetterSchema,
        },
      },
      async (request, reply) =>
        reply.status(201).send(await issueBridgeLetter(deps, request.actor, request.params.id, request.body)),
    );

    app.get(
      "/api/engagements/:id/soc3/preview",
      {
        schema: {
          tags,
          summary:
            "What the SOC 3 report would contain, every reason issuance would be refused, and the SOC 3 reports issued so far",
          params: Params,
        },
      },
      async (request) => previewSoc3(deps, request.actor, request.params.id),
    );

    app.get(
      "/api/engagements/:id/bridge-letters/draft",
      {
        schema: {
          tags,
          summary:
            "The bridge-letter builder's starting point: covered report, dates a letter may cover today, the organization's records of the gap, CUECs, letters issued",
          params: Params,
          querystring: z.object({
            coversUntil: z
              .string()
              .regex(/^\d{4}-\d{2}-\d{2}$/, "coversUntil must be a date (YYYY-MM-DD).")
              .optional(),
          }),
        },
      },
      async (request) => bridgeLetterDraft(deps, request.actor, request.params.id, request.query.coversUntil),
    );

    app.post(
      "/api/engagements/:id/bridge-letters/preview",
      {
        schema: {
          tags,
          summary: "The bridge letter as it would be issued now, not stored (organization admin)",
          params: Params,
          body: BridgeLetterSchema,
        },
      },
      async (request) => previewBridgeLetter(deps, request.actor, request.params.id, request.body),
    );

    for (const [path, kind] of [
      ["/api/engagements/:id/soc3/latest.pdf", "soc3"],
      ["/api/engagements/:id/bridge-letters/latest.pdf", "bridge-letter"],
    ] as const) {
      app.get(
        path,
        {
          schema: {
            tags,
            summary: `Download the latest issued ${kind === "soc3" ? "SOC 3 report" : "bridge letter"} (firm team, organization admin)`,
            params: Params,
          },
        },
        async (request, reply) => {
          const file = await downloadLatestOfKind(deps, request.actor, request.params.id, kind);
          return reply
            .header("content-type", "application/pdf")
            .header("content-disposition", attachment(file.filename))
            .header("cache-control", "private, no-store")
            .send(file.body);
        },
      );
    }
  };
