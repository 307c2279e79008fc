/**
 * Section III of the SOC 2 report: management's description of the system, DC1–DC9 (SOC2.md §2.2),
 * from the organization's SystemDescription. DC9 appears in Type 2 reports only. Pure.
 */
import { dc4Opening } from "./incident-disclosure.js";
import type { ReportBlock, ReportInput } from "./report-types.js";
import { formatReportDate, timeFrame } from "./report-wording.js";

export const descriptionBlocks = (input: ReportInput): ReportBlock[] => {
  const d = input.description;
  const para = (text: string): ReportBlock[] =>
    text
      .split(/\n{2,}/)
      .map((t) => t.trim())
      .filter(Boolean)
      .map((t) => ({ kind: "paragraph" as const, text: t }));
  const blocks: ReportBlock[] = [
    { kind: "heading", text: "DC1 Services provided" },
    ...para(d.services),
    { kind: "heading", text: "DC2 Principal service commitments and system requirements" },
    ...para(d.commitments),
    ...para(d.requirements),
    { kind: "heading", text: "DC3 System components and boundaries" },
  ];
  for (const [key, label] of [
    ["infrastructure", "Infrastructure"],
    ["software", "Software"],
    ["people", "People"],
    ["procedures", "Procedures"],
    ["data", "Data"],
  ] as const) {
    blocks.push({ kind: "paragraph", text: label, emphasis: true }, ...para(d.components[key]));
  }
  blocks.push({ kind: "paragraph", text: "Boundaries", emphasis: true }, ...para(d.boundaries));
  blocks.push({ kind: "heading", text: "DC4 System incidents" });
  const dc4 = dc4Opening(d.incidents.length, timeFrame(input));
  blocks.push({ kind: "paragraph", text: dc4.text });
  if (dc4.table) {
    blocks.push({
      kind: "table",
      columns: [
        { header: "Date", width: 1 },
        { header: "Nature", width: 3 },
        { header: "Extent", width: 3 },
        { header: "Resolution", width: 3 },
      ],
      rows: d.incidents.map((i) => [formatReportDate(i.date), i.nature, i.extent, i.resolution]),
    });
  }
  blocks.push(
    { kind: "heading", text: "DC5 Applicable criteria and related controls" },
    ...para(d.controlsNarrative),
    {
      kind: "paragraph",
      text: "The criteria in scope and the controls that address them are listed in Section IV.",
    },
    { kind: "heading", text: "DC6 Complementary user entity controls" },
  );
  if (d.cuecs.length === 0) {
    blocks.push({ kind: "paragraph", text: "The design assumes no complementary user entity controls." });
  } else {
    blocks.push({
      kind: "table",
      columns: [
        { header: "Complementary user entity control", width: 4 },
        { header: "Criteria", width: 1 },
      ],
      rows: d.cuecs.map((c) => [c.text, c.criteria.join(", ")]),
    });
  }
  blocks.push({ kind: "heading", text: "DC7 Subservice organizations" });
  if (input.subserviceOrgs.length === 0) {
    blocks.push({ kind: "paragraph", text: "The system uses no subservice organizations." });
  }
  for (const s of input.subserviceOrgs) {
    const entry = d.subservice.find((x) => x.subserviceId === s.id);
    blocks.push({ kind: "paragraph", text: `${s.name} (${s.method}): ${s.services}`, emphasis: true });
    if (entry?.monitoring) blocks.push(...para(entry.monitoring));
    if (entry && entry.csocs.length > 0) {
      blocks.push({
        kind: "table",
        columns: [
          { header: "Complementary subservice organization control", width: 4 },
          { header: "Criteria", width: 1 },
        ],
        rows: entry.csocs.map((c) => [c.text, c.criteria.join(", ")]),
      });
    }
  }
  blocks.push({ kind: "heading", text: "DC8 Criteria not relevant to the system" });
  blocks.push(
    d.notRelevant.length === 0
      ? { kind: "paragraph", text: "All applicable trust services criteria are relevant to the system." }
      : { kind: "list", items: d.notRelevant.map((n) => `${n.criterionId}: ${n.reason}`) },
  );
  if (input.engagement.type === "type2") {
    blocks.push({ kind: "heading", text: "DC9 Significant changes during the period" });
    blocks.push(
      d.changes.length === 0
        ? {
            kind: "paragraph",
            text: "There were no significant changes to the system or its controls during the period.",
          }
        : { kind: "list", items: d.changes.map((c) => `${formatReportDate(c.date)}: ${c.description}`) },
    );
  }
  return blocks;
};
