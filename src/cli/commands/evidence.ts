import type { Command } from "commander";

// Placeholder until `fieldwork evidence push` lands.
export const registerEvidenceCommand = (program: Command): void => {
  program.command("evidence").description("(not yet available)");
};
