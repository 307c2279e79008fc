/**
 * Renders a report model to PDF bytes with pdfmake (pure JavaScript; chosen over Typst for tables with
 * repeated header rows and unsplittable rows out of the box, and no native binary). Pure in effect: the
 * same model and options give the same bytes, because the creation date comes from the model and the
 * fonts are the Roboto files shipped inside the pdfmake package (see pdf-printer.ts).
 */
import type { ReportModel } from "../core/report-model.js";
import { printPdf } from "./pdf-printer.js";
import { type RenderOptions, reportDocDefinition } from "./render-layout.js";

export type { RenderOptions } from "./render-layout.js";

/** The report as PDF bytes. `watermark` (e.g. "DRAFT" or a recipient line) is drawn on every page. */
export const renderReportPdf = (model: ReportModel, options: RenderOptions = {}): Promise<Uint8Array> =>
  printPdf(reportDocDefinition(model, options));
