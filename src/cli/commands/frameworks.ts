import type { Command } from "commander";
import { listFrameworkCatalog, showFrameworkCatalog } from "../../app/framework-catalog.js";
import { formatTable, printJson } from "../output.js";

interface ListOptions {
  readonly json?: boolean;
}

interface ShowOptions {
  readonly json?: boolean;
  readonly criterion?: string;
}

/** Short marks for the relationship in the text table; intersection, the usual case, has none. */
const MARKS: Record<string, string> = { "equivalent-to": "=", "subset-of": "⊂", "superset-of": "⊃" };

/**
 * `fieldwork frameworks list|show`: the frameworks Fieldwork maps to the 61 criteria (ISO 27001,
 * DPDP, RBI, SEBI, GDPR, HIPAA). Offline; thin adapters over the framework catalog use-case.
 */
export const registerFrameworksCommand = (program: Command): void => {
  const frameworks = program
    .command("frameworks")
    .description("List the frameworks mapped to the SOC 2 criteria, or show one with its links.");

  frameworks
    .command("list")
    .description("List the mapped frameworks with their number of requirements and links.")
    .option(
      "--json",
      "print a JSON array (id, name, version, jurisdiction, source, requirements, links, criteria)",
    )
    .action((options: ListOptions) => {
      const entries = listFrameworkCatalog();
      if (options.json) {
        printJson(entries);
        return;
      }
      const table = formatTable(
        ["ID", "Name", "Jurisdiction", "Requirements", "Links", "Criteria"],
        entries.map((f) => [
          f.id,
          f.name,
          f.jurisdiction,
          String(f.requirements),
          String(f.links),
          `${f.criteria}/61`,
        ]),
      );
      process.stdout.write(`${table}\n\n${entries.length} frameworks.\n`);
    });

  frameworks
    .command("show")
    .description("Show one framework's requirements and the criteria each maps to.")
    .argument("<id>", "framework id, e.g. iso27001-2022 (see `fieldwork frameworks list`)")
    .option("--criterion <id>", "only the requirements linked to this criterion, e.g. CC6.1")
    .option("--json", "print JSON with every requirement, its links, relationships and rationales")
    .addHelpText(
      "after",
      [
        "",
        "In the table, a criterion is marked = (equivalent), ⊂ (the requirement is narrower) or",
        "⊃ (broader); unmarked links overlap in part (intersects-with).",
        "",
        "Examples:",
        "  fieldwork frameworks show iso27001-2022",
        "  fieldwork frameworks show iso27001-2022 --criterion CC6.1",
        "  fieldwork frameworks show dpdp-2023 --json",
      ].join("\n"),
    )
    .action((id: string, options: ShowOptions) => {
      const detail = showFrameworkCatalog({ id, criterion: options.criterion });
      if (options.json) {
        printJson(detail);
        return;
      }
      const table = formatTable(
        ["Requirement", "Title", "Criteria"],
        detail.requirementList.map((r) => [
          r.id,
          r.title,
          r.links.length === 0
            ? "(not mapped)"
            : r.links.map((l) => `${l.criterionId}${MARKS[l.relationship] ?? ""}`).join(", "),
        ]),
      );
      const scope = options.criterion === undefined ? "" : ` linked to ${options.criterion.toUpperCase()}`;
      process.stdout.write(
        [
          `${detail.name} (${detail.id}), ${detail.jurisdiction}`,
          `Source: ${detail.source}`,
          "",
          table,
          "",
          `${detail.requirementList.length} requirement${detail.requirementList.length === 1 ? "" : "s"}${scope}; ${detail.links} links in all, reaching ${detail.criteria} of the 61 criteria.`,
          "",
        ].join("\n"),
      );
    });
};
