/** The Type 1 or Type 2 advisor, for signed-in users scoping an engagement. */
import { z } from "zod";
import { adviseReportType } from "../../core/scoping.js";
import type { Actor } from "../actor.js";
import { requireUser } from "../authz.js";

export const TypeAdviceSchema = z.object({
  customersRequire: z.enum(["type1", "type2", "any", "unknown"]),
  controlsOperatingMonths: z.number().min(0).max(600),
  firstReport: z.boolean(),
  deadlineMonths: z.number().min(0).max(120).optional(),
});

export const adviseType = (actor: Actor, input: z.infer<typeof TypeAdviceSchema>) => {
  requireUser(actor);
  return adviseReportType(input);
};
