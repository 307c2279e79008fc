import type { UserActor } from "../../src/app/actor.js";
import type { Deps } from "../../src/app/deps.js";
import { findUserByEmail, listMemberships } from "../../src/db/repositories/users.js";

/** A signed-in actor for calling use-cases directly in tests and factories. */
export const signInActor = async (deps: Deps, email: string): Promise<UserActor> => {
  const user = await findUserByEmail(deps.db, email);
  if (!user) throw new Error(`no user ${email}`);
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
