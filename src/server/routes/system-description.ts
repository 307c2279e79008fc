/** /api/engagements/:id/system-description: the DC 200 description and its completeness. */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Deps } from "../../app/deps.js";
import {
  getSystemDescription,
  SaveDescriptionSchema,
  saveSystemDescription,
} from "../../app/use-cases/system-description.js";

const Params = z.object({ id: z.string().min(1).max(100) });
const tags = ["system description"];

export const systemDescriptionRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      "/api/engagements/:id/system-description",
      {
        schema: {
          tags,
          summary: "The description of the system (DC1–DC9) with its completeness check",
          params: Params,
        },
      },
      async (request) => getSystemDescription(deps, request.actor, request.params.id),
    );
    app.put(
      "/api/engagements/:id/system-description",
      {
        schema: {
          tags,
          summary: "Save sections of the description (organization admin)",
          params: Params,
          body: SaveDescriptionSchema,
        },
      },
      async (request) => saveSystemDescription(deps, request.actor, request.params.id, request.body),
    );
  };
