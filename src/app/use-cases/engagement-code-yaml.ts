/**
 * YAML text of the "fieldwork/v1" engagement document (src/core/engagement-yaml.ts): a stable
 * rendering for export, and a parser that reports syntax errors with line:column and schema
 * problems with the path of the field (400 VALIDATION, details[0].path like "controls[3].owner").
 */
import { isMap, LineCounter, parseDocument, stringify } from "yaml";
import { canonicalDocument, type EngagementDoc, parseEngagementDoc } from "../../core/engagement-yaml.js";
import { invalid } from "../../core/errors.js";

const HEADER =
  "# Fieldwork engagement as code (docs/engagement-as-code.md). Fields marked informational in\n" +
  "# the documentation (control frameworks, policy status and version) are ignored on import.\n";

/** The document as YAML text: canonical order, block style, long lines kept whole. */
export const engagementDocToYaml = (doc: EngagementDoc): string =>
  HEADER +
  stringify(canonicalDocument(doc), {
    lineWidth: 0,
    minContentWidth: 0,
    indentSeq: true,
    aliasDuplicateObjects: false,
  });

/** Parses and validates YAML text; throws VALIDATION naming the line:column or the field path. */
export const engagementDocFromYaml = (text: string): EngagementDoc => {
  const lineCounter = new LineCounter();
  const parsed = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const first = parsed.errors[0];
  if (first) {
    const at = lineCounter.linePos(first.pos[0]);
    const where = `${at.line}:${at.col}`;
    throw invalid(`The file is not valid YAML at line ${where}: ${first.message.split("\n")[0]}`, [
      { path: where, message: first.message.split("\n")[0] },
    ]);
  }
  if (!isMap(parsed.contents)) {
    throw invalid("The file must be a YAML mapping starting with version: fieldwork/v1.", [
      { path: "(document)", message: "Expected a mapping." },
    ]);
  }
  const result = parseEngagementDoc(parsed.toJS({ maxAliasCount: 100 }));
  if (!result.ok) {
    const [p] = result.problems;
    throw invalid(
      `The engagement file is invalid at ${p?.path}: ${p?.message}${result.problems.length > 1 ? ` (and ${result.problems.length - 1} more problem(s))` : ""}`,
      result.problems.slice(0, 50),
    );
  }
  return result.doc;
};
