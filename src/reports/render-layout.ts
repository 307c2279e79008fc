/**
 * The report model laid out as a pdfmake document definition: cover, contents with page numbers, one
 * section per page run, running header (organization, report type, period), "Page x of y", tables
 * whose header rows repeat across pages and whose rows never split, and an optional watermark on
 * every page. Pure: the definition depends only on the model and the options.
 */
import type { ControlTestRow, ReportBlock, ReportModel, ReportSection } from "../core/report-model.js";

/** The slice of pdfmake's document definition we use; pdfmake ships no types of its own. */
export type PdfNode = Record<string, unknown> | string;
export interface PdfDocDefinition {
  readonly [key: string]: unknown;
  readonly content: PdfNode[];
}
export interface RenderOptions {
  /** Text drawn diagonally on every page, e.g. "DRAFT" or "Copy for Jane Doe, Acme Ltd". */
  readonly watermark?: string;
}

const PAGE_WIDTH = 595.28; // A4 in points
const MARGIN_X = 56;
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X;
const CELL_PADDING = 8; // pdfmake's default left + right cell padding
const GREY = "#555555";
const RULE = "#9aa5b1";
const HEADER_FILL = "#e8edf2";

/** Relative widths to points, leaving room for padding and borders so nothing overflows. */
const widths = (relative: readonly number[]): number[] => {
  const available = CONTENT_WIDTH - relative.length * (CELL_PADDING + 1) - 1;
  const sum = relative.reduce((a, b) => a + b, 0);
  return relative.map((w) => Math.floor((available * w) / sum));
};

const tableLayout = {
  hLineWidth: () => 0.5,
  vLineWidth: () => 0.5,
  hLineColor: () => RULE,
  vLineColor: () => RULE,
  paddingTop: () => 3,
  paddingBottom: () => 3,
};

const headerCell = (text: string): PdfNode => ({ text, bold: true, fillColor: HEADER_FILL });

const table = (
  columns: readonly { header: string; width: number }[],
  rows: readonly (readonly string[])[],
) => ({
  table: {
    headerRows: 1,
    dontBreakRows: true,
    widths: widths(columns.map((c) => c.width)),
    body: [columns.map((c) => headerCell(c.header)), ...rows.map((r) => [...r])],
  },
  layout: tableLayout,
  fontSize: 8.5,
  margin: [0, 2, 0, 8],
});

const CONTROL_COLUMNS = [1.3, 5, 1.7, 3];

/**
 * One control as one table: its code, title, criteria and management's description form a header row
 * repeated with the column headings on every page the control spans, so a continued table is never
 * anonymous and the heading is never left alone at the foot of a page.
 */
const controlTable = (block: Extract<ReportBlock, { kind: "control" }>): PdfNode => {
  const span = (content: PdfNode[], extra: Record<string, unknown> = {}): PdfNode[] => [
    { stack: content, colSpan: 4, ...extra },
    "",
    "",
    "",
  ];
  const head = span(
    [
      {
        text: [
          { text: `${block.code}  `, bold: true },
          { text: block.title, bold: true },
        ],
      },
      { text: `Criteria: ${block.criteria.join(", ")}`, color: GREY, fontSize: 8 },
      { text: block.description, margin: [0, 2, 0, 0] },
    ],
    { fillColor: HEADER_FILL },
  );
  const tests = block.tests ?? [];
  const body: PdfNode[][] = [
    head,
    ["Method", "Test of the control (auditor)", "Items tested", "Result"].map((h) => ({
      text: h,
      bold: true,
    })),
    ...tests.map((t: ControlTestRow) => [
      t.method,
      t.procedure,
      t.tested,
      t.result === "No exceptions noted." ? t.result : { text: t.result, bold: true },
    ]),
  ];
  for (const d of block.deviations ?? []) {
    body.push(span([{ text: [{ text: "Deviation ", bold: true }, d] }], { fillColor: "#fbeaea" }));
  }
  return {
    table: {
      headerRows: 2,
      keepWithHeaderRows: 1,
      dontBreakRows: true,
      widths: widths(CONTROL_COLUMNS),
      body,
    },
    layout: tableLayout,
    fontSize: 8.5,
    margin: [0, 4, 0, 10],
  };
};

/** Type 1: all controls in one table (no tests). */
const controlsTable = (blocks: Extract<ReportBlock, { kind: "control" }>[]): PdfNode =>
  table(
    [
      { header: "Control", width: 1.2 },
      { header: "Control description (management)", width: 6 },
      { header: "Criteria", width: 1.6 },
    ],
    blocks.map((b) => [b.code, `${b.title}. ${b.description}`, b.criteria.join(", ")]),
  );

const blockNode = (block: ReportBlock): PdfNode => {
  switch (block.kind) {
    case "heading":
      return { text: block.text, style: "h2", headlineLevel: 2 };
    case "paragraph":
      return { text: block.text, style: block.emphasis ? "strong" : "p" };
    case "list": {
      const lettered = block.items.every((i) => /^\([a-z]\) /.test(i));
      return { ul: [...block.items], type: lettered ? "none" : "disc", style: "p", margin: [10, 0, 0, 6] };
    }
    case "table":
      return table(block.columns, block.rows);
    case "control":
      return block.tests ? controlTable(block) : controlsTable([block]);
    case "signature":
      return {
        stack: block.lines.map((l, i) => ({ text: l, bold: i === 0 })),
        margin: [0, 16, 0, 8],
        unbreakable: true,
      };
  }
};

const sectionNodes = (section: ReportSection): PdfNode[] => {
  const nodes: PdfNode[] = [
    {
      text: `Section ${section.id}  ${section.title}`,
      style: "h1",
      pageBreak: "before",
      tocItem: true,
      tocMargin: [0, 4, 0, 0],
    },
  ];
  const pendingType1: Extract<ReportBlock, { kind: "control" }>[] = [];
  const flush = () => {
    if (pendingType1.length > 0) nodes.push(controlsTable(pendingType1.splice(0)));
  };
  for (const block of section.blocks) {
    if (block.kind === "control" && !block.tests) {
      pendingType1.push(block);
      continue;
    }
    flush();
    nodes.push(blockNode(block));
  }
  flush();
  return nodes;
};

const coverNodes = (model: ReportModel): PdfNode[] => [
  { text: model.cover.title, fontSize: 26, bold: true, margin: [0, 150, 0, 12] },
  { text: model.cover.organization, fontSize: 16, margin: [0, 0, 0, 4] },
  { text: model.cover.system, fontSize: 12, color: GREY, margin: [0, 0, 0, 18] },
  { text: model.cover.periodLine, fontSize: 12, margin: [0, 0, 0, 4] },
  { text: model.cover.categories, fontSize: 10, color: GREY, margin: [0, 0, 0, 120] },
  { text: `Prepared by ${model.cover.firm}`, bold: true, margin: [0, 0, 0, 6] },
  ...model.cover.lines.map((l) => ({ text: l, fontSize: 9, color: GREY })),
];

/** Avoid a heading as the last thing on a page: move it to the next one. */
const pageBreakBefore = (
  node: { headlineLevel?: number; pageNumbers?: number[] },
  helpers: { getFollowingNodesOnPage: () => unknown[] },
): boolean => node.headlineLevel === 2 && helpers.getFollowingNodesOnPage().length === 0;

export const reportDocDefinition = (model: ReportModel, options: RenderOptions = {}): PdfDocDefinition => {
  const created = new Date(model.meta.creationDate);
  const { organization, reportKind, period } = model.header;
  return {
    pageSize: "A4",
    pageMargins: [MARGIN_X, 64, MARGIN_X, 54],
    info: {
      title: model.meta.title,
      author: model.meta.author,
      subject: model.meta.subject,
      keywords: [
        ...model.meta.keywords,
        ...(options.watermark ? [`watermark: ${options.watermark}`] : []),
      ].join("; "),
      creator: "Fieldwork",
      producer: "Fieldwork (pdfmake)",
      creationDate: created,
      modDate: created,
      ...(options.watermark ? { watermark: options.watermark } : {}),
    },
    header: (page: number) =>
      page === 1
        ? null
        : {
            margin: [MARGIN_X, 26, MARGIN_X, 0],
            fontSize: 8,
            color: GREY,
            columns: [
              { text: organization, bold: true, width: "*" },
              { text: `${reportKind} | ${period}`, alignment: "right", width: "auto" },
            ],
          },
    footer: (page: number, pages: number) => ({
      margin: [MARGIN_X, 16, MARGIN_X, 0],
      fontSize: 8,
      color: GREY,
      columns: [
        { text: model.meta.draft ? "Draft for management review" : model.meta.author, width: "*" },
        { text: `Page ${page} of ${pages}`, alignment: "right", width: "auto" },
      ],
    }),
    ...(options.watermark
      ? { watermark: { text: options.watermark, color: "#b22222", opacity: 0.12, bold: true } }
      : {}),
    pageBreakBefore,
    defaultStyle: { font: "Roboto", fontSize: 9.5, lineHeight: 1.2 },
    styles: {
      h1: { fontSize: 15, bold: true, margin: [0, 0, 0, 12] },
      h2: { fontSize: 11, bold: true, margin: [0, 10, 0, 4] },
      p: { margin: [0, 0, 0, 6], alignment: "justify" },
      strong: { margin: [0, 4, 0, 6], bold: true },
    },
    content: [
      ...coverNodes(model),
      { text: "Contents", style: "h1", pageBreak: "before" },
      { toc: { numberStyle: { bold: false } } },
      ...model.sections.flatMap(sectionNodes),
    ],
  };
};
