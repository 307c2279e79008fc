import type { Command } from "commander";
import { listCriteria } from "../../app/catalog.js";
import { formatTable, printJson } from "../output.js";

interface CatalogOptions {
  readonly category?: string;
  readonly json?: boolean;
}

/**
 * `fieldwork catalog`: the 61 Trust Services Criteria with our own short titles and guidance.
 * Offline; a thin adapter over listCriteria, which validates the category.
 */
export const registerCatalogCommand = (program: Command): void => {
  program
    .command("catalog")
    .description("List the SOC 2 Trust Services Criteria (IDs with Fieldwork's own titles and guidance).")
    .option("--category <code>", "only one category: CC (Security), A, PI, C or P")
    .option(
      "--json",
      "print a JSON array (id, category, categoryName, series, cosoPrinciple, title, guidance)",
    )
    .addHelpText(
      "after",
      [
        "",
        "Categories: CC Security (common criteria, always in scope), A Availability,",
        "PI Processing Integrity, C Confidentiality, P Privacy.",
        "",
        "Examples:",
        "  fieldwork catalog",
        "  fieldwork catalog --category P",
        "  fieldwork catalog --json",
      ].join("\n"),
    )
    .action((options: CatalogOptions) => {
      const entries = listCriteria({ category: options.category });
      if (options.json) {
        printJson(
          entries.map((e) => ({
            id: e.id,
            category: e.category,
            categoryName: e.categoryName,
            series: e.series,
            seriesName: e.seriesName,
            cosoPrinciple: e.cosoPrinciple,
            title: e.title,
            guidance: e.guidance,
          })),
        );
        return;
      }
      const table = formatTable(
        ["ID", "Category", "Title"],
        entries.map((e) => [e.id, e.categoryName, e.title]),
      );
      const scope =
        options.category === undefined ? "" : ` in ${entries[0]?.categoryName ?? options.category}`;
      process.stdout.write(`${table}\n\n${entries.length} criteria${scope}.\n`);
    });
};
