import type { Command } from "commander";

/** `fieldwork incidents …`: placeholder until the register lands. */
export const registerIncidentsCommand = (_program: Command): void => {};
