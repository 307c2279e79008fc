/** Demo users as actors: the demo loader and the demo report act through the same use-cases as people do. */
import { findUserByEmail, listMemberships } from "../db/repositories/users.js";
import type { UserActor } from "./actor.js";
import type { Deps } from "./deps.js";

export const DEMO_PARTNER_EMAIL = "partner@mehtaraman.example";

export const demoActor = async (deps: Pick<Deps, "db">, email: string): Promise<UserActor> => {
  const user = await findUserByEmail(deps.db, email);
  if (!user) throw new Error(`demo user ${email} missing`);
  return {
    kind: "user",
    userId: user.id,
    name: user.name,
    email: user.email,
    memberships: await listMemberships(deps.db, user.id),
    mfaVerified: true,
    via: "session",
    scopes: null,
    ip: null,
  };
};
