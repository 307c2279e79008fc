import type { Command } from "commander";

/** `fieldwork oscal …`: placeholder until it lands. */
export const registerOscalCommand = (_program: Command): void => {};
