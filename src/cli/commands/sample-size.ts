import type { Command } from "commander";

// Placeholder until `fieldwork sample-size` lands.
export const registerSampleSizeCommand = (program: Command): void => {
  program.command("sample-size").description("(not yet available)");
};
