/**
 * Renders a letter model (the bridge letter, src/core/bridge-letter.ts; the engagement and
 * representation letters, src/core/engagement-letters*.ts) to A4 pages with pdfmake, in the
 * report's typography: the organization's letterhead, date, title, body, signature
 * block, and "Page x of y". Pure in effect: the creation date comes from the model and the fonts are
 * the Roboto files inside the pdfmake package (the shared printer in pdf-printer.ts).
 */
import type { LetterModel } from "../core/bridge-letter.js";
import type { ReportBlock } from "../core/report-types.js";
import { printPdf } from "./pdf-printer.js";
import type { PdfDocDefinition, PdfNode } from "./render-layout.js";

const MARGIN_X = 64;
const GREY = "#555555";

const blockNode = (block: ReportBlock): PdfNode => {
  switch (block.kind) {
    case "heading":
      return { text: block.text, style: "h2", headlineLevel: 2 };
    case "paragraph":
      return { text: block.text, style: block.emphasis ? "strong" : "p" };
    case "list":
      return { ul: [...block.items], style: "p", margin: [10, 0, 0, 6] };
    case "signature":
      return { stack: block.lines.map((l, i) => ({ text: l, bold: i === 0 })), margin: [0, 16, 0, 8] };
    default:
      // A letter holds prose only; tables and controls belong to reports.
      return { text: "" };
  }
};

export const letterDocDefinition = (model: LetterModel): PdfDocDefinition => {
  const created = new Date(model.meta.creationDate);
  return {
    pageSize: "A4",
    pageMargins: [MARGIN_X, 72, MARGIN_X, 54],
    info: {
      title: model.meta.title,
      author: model.meta.author,
      subject: model.meta.subject,
      keywords: model.meta.keywords.join("; "),
      creator: "Fieldwork",
      producer: "Fieldwork (pdfmake)",
      creationDate: created,
      modDate: created,
    },
    header: () => ({
      margin: [MARGIN_X, 28, MARGIN_X, 0],
      columns: [
        { text: model.letterhead, bold: true, fontSize: 12, width: "*" },
        {
          text: model.kindLabel ?? "Management letter",
          alignment: "right",
          fontSize: 8,
          color: GREY,
          width: "auto",
        },
      ],
    }),
    footer: (page: number, pages: number) => ({
      margin: [MARGIN_X, 16, MARGIN_X, 0],
      fontSize: 8,
      color: GREY,
      columns: [
        { text: `${model.letterhead}: ${model.footerLabel ?? "bridge letter"}`, width: "*" },
        { text: `Page ${page} of ${pages}`, alignment: "right", width: "auto" },
      ],
    }),
    pageBreakBefore: (
      node: { headlineLevel?: number },
      helpers: { getFollowingNodesOnPage: () => unknown[] },
    ): boolean => node.headlineLevel === 2 && helpers.getFollowingNodesOnPage().length === 0,
    defaultStyle: { font: "Roboto", fontSize: 10, lineHeight: 1.25 },
    styles: {
      h1: { fontSize: 14, bold: true, margin: [0, 0, 0, 12] },
      h2: { fontSize: 10.5, bold: true, margin: [0, 8, 0, 3] },
      p: { margin: [0, 0, 0, 6], alignment: "justify" },
      strong: { margin: [0, 4, 0, 6], bold: true, alignment: "justify" },
    },
    content: [
      { text: model.date, alignment: "right", margin: [0, 0, 0, 14] },
      { text: model.title, style: "h1" },
      ...model.blocks.map(blockNode),
      {
        stack: [
          {
            text: model.signatureCaption ?? "Signed for management",
            color: GREY,
            fontSize: 8,
            margin: [0, 0, 0, 4],
          },
          ...model.signature.map((l, i) => ({ text: l, bold: i === 0 })),
          { text: model.footnote, color: GREY, fontSize: 8, margin: [0, 8, 0, 0] },
        ],
        margin: [0, 20, 0, 0],
        unbreakable: true,
      },
    ],
  };
};

/** The letter as PDF bytes; the same model gives the same bytes. */
export const renderLetterPdf = (model: LetterModel): Promise<Uint8Array> =>
  printPdf(letterDocDefinition(model));
