import type { Command } from "commander";

/** `fieldwork risks …`: placeholder until the register lands. */
export const registerRisksCommand = (_program: Command): void => {};
