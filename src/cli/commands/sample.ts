import type { Command } from "commander";

// Placeholder until `fieldwork sample` lands.
export const registerSampleCommand = (program: Command): void => {
  program.command("sample").description("(not yet available)");
};
