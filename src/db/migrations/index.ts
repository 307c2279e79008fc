import type { Migration, MigrationProvider } from "kysely";
import * as m0001 from "./0001-tenants-and-users.js";
import * as m0002 from "./0002-sessions-and-credentials.js";
import * as m0003 from "./0003-audit-events.js";
import * as m0004 from "./0004-engagements.js";
import * as m0005 from "./0005-enquiries-and-quotes.js";
import * as m0006 from "./0006-notifications-and-jobs.js";
import * as m0007 from "./0007-totp-last-step.js";
import * as m0008 from "./0008-org-controls.js";
import * as m0009 from "./0009-evidence.js";
import * as m0010 from "./0010-policies.js";
import * as m0011 from "./0011-system-description.js";
import * as m0012 from "./0012-evidence-requests.js";
import * as m0013 from "./0013-readiness-snapshots.js";
import * as m0014 from "./0014-fieldwork.js";
import * as m0015 from "./0015-reports.js";
import * as m0016 from "./0016-engagement-documents.js";
import * as m0017 from "./0017-trust-portal-settings.js";
import * as m0018 from "./0018-risk-register.js";
import * as m0019 from "./0019-vendors.js";
import * as m0020 from "./0020-access-reviews.js";
import * as m0021 from "./0021-incidents.js";
import * as m0022 from "./0022-imported-frameworks.js";
import * as m0023 from "./0023-single-sign-on.js";

/** Migrations are listed here (not read from disk) so the compiled build carries them. Frozen once landed. */
const MIGRATIONS: Record<string, Migration> = {
  "0001-tenants-and-users": m0001,
  "0002-sessions-and-credentials": m0002,
  "0003-audit-events": m0003,
  "0004-engagements": m0004,
  "0005-enquiries-and-quotes": m0005,
  "0006-notifications-and-jobs": m0006,
  "0007-totp-last-step": m0007,
  "0008-org-controls": m0008,
  "0009-evidence": m0009,
  "0010-policies": m0010,
  "0011-system-description": m0011,
  "0012-evidence-requests": m0012,
  "0013-readiness-snapshots": m0013,
  "0014-fieldwork": m0014,
  "0015-reports": m0015,
  "0016-engagement-documents": m0016,
  "0017-trust-portal-settings": m0017,
  "0018-risk-register": m0018,
  "0019-vendors": m0019,
  "0020-access-reviews": m0020,
  "0021-incidents": m0021,
  "0022-imported-frameworks": m0022,
  "0023-single-sign-on": m0023,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
