import type { Command } from "commander";

/** `fieldwork access-reviews …`: placeholder until the register lands. */
export const registerAccessReviewsCommand = (_program: Command): void => {};
