import type { Command } from "commander";

/** `fieldwork engagement …`: placeholder until it lands. */
export const registerEngagementCommand = (_program: Command): void => {};
