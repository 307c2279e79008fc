import type { Command } from "commander";

/** `fieldwork vendors …`: placeholder until the register lands. */
export const registerVendorsCommand = (_program: Command): void => {};
