/**
 * Renders the SOC 3 model (src/core/soc3-model.ts) to PDF. The SOC 3 model has the SOC 2 model's
 * shape, so it goes through the same layout (render-layout.ts): cover, contents, running header,
 * "Page x of y". A SOC 3 is never a draft, so it has no DRAFT watermark; a recipient watermark may
 * still be asked for.
 */
import type { ReportModel } from "../core/report-types.js";
import { type RenderOptions, renderReportPdf } from "./render-pdf.js";

export const renderSoc3Pdf = (model: ReportModel, options: RenderOptions = {}): Promise<Uint8Array> =>
  renderReportPdf(model, options);
