/**
 * The frameworks Fieldwork ships, each in its own file of this folder, mapped to the 61 criteria.
 * Validated by frameworks.test.ts: every mapped requirement exists in its framework, every criterion
 * id is one of the 61, every link has a relationship and a rationale.
 */
import type { Framework } from "../../core/frameworks.js";
import { DPDP } from "./dpdp.js";
import { GDPR } from "./gdpr.js";
import { HIPAA } from "./hipaa.js";
import { ISO27001 } from "./iso27001.js";
import { RBI } from "./rbi.js";
import { SEBI } from "./sebi.js";

export const FRAMEWORKS: readonly Framework[] = [ISO27001, DPDP, RBI, SEBI, GDPR, HIPAA];

export const findFramework = (id: string): Framework | undefined => FRAMEWORKS.find((f) => f.id === id);
