import type { Command } from "commander";

/** `fieldwork frameworks …`: placeholder until it lands. */
export const registerFrameworksCommand = (_program: Command): void => {};
