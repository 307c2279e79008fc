/**
 * Installation set-up: a new CPA firm and its first firm admin, from the command line on the
 * server machine (there is no other way to create a firm, so nobody can sign up over the web).
 */
import { z } from "zod";
import { AppError } from "../../core/errors.js";
import { findFirmBySlug } from "../../db/repositories/tenants.js";
import { systemActor } from "../actor.js";
import type { Deps } from "../deps.js";
import { CreateFirmSchema, createFirm, grantRole } from "./tenants.js";

export const SetupFirmSchema = CreateFirmSchema.extend({
  adminEmail: z.email().max(320),
  adminName: z.string().trim().min(1).max(200),
  adminPassword: z.string().optional(),
});

export const setUpFirm = async (deps: Deps, raw: unknown) => {
  const parsed = SetupFirmSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError("VALIDATION", `${issue?.path.join(".") || "input"}: ${issue?.message ?? "invalid"}`);
  }
  const input = parsed.data;
  if (await findFirmBySlug(deps.db, input.slug)) {
    throw new AppError(
      "CONFLICT",
      `A firm with the address '${input.slug}' already exists; choose another --slug.`,
    );
  }
  const system = systemActor("fieldwork setup");
  const { adminEmail, adminName, adminPassword, ...firm } = input;
  const { id: firmId } = await createFirm(deps, system, firm);
  const admin = await grantRole(
    deps,
    system,
    "firm",
    firmId,
    { firmId, orgId: null },
    {
      email: adminEmail,
      name: adminName,
      role: "firm_admin",
      ...(adminPassword ? { password: adminPassword } : {}),
    },
  );
  return { firmId, slug: input.slug, adminEmail: admin.email, temporaryPassword: admin.temporaryPassword };
};
