/**
 * The pdfmake printer every Fieldwork PDF goes through (reports, SOC 3, letters). Pure in effect: each
 * call builds its own printer, so nothing is shared between renders, and only the Roboto files shipped
 * inside the pdfmake package may be read — a document definition never names a file or URL.
 */
import { createRequire } from "node:module";
import path from "node:path";
import type { PdfDocDefinition } from "./render-layout.js";

interface PdfKitDocument {
  on(event: "data", listener: (chunk: Uint8Array) => void): void;
  on(event: "end", listener: () => void): void;
  on(event: "error", listener: (error: Error) => void): void;
  end(): void;
}

interface PdfPrinter {
  createPdfKitDocument(definition: PdfDocDefinition): Promise<PdfKitDocument>;
}

type PrinterConstructor = new (
  fonts: Record<string, Record<string, string>>,
  virtualfs: unknown,
  urlResolver: unknown,
  localAccessPolicy: (file: string) => boolean,
) => PdfPrinter;

// pdfmake is CommonJS without types; its Printer class lets each render own its state instead of
// going through the package's global singleton.
const require = createRequire(import.meta.url);
const Printer = (require("pdfmake/js/Printer") as { default: PrinterConstructor }).default;
const virtualfs = (require("pdfmake/js/virtual-fs") as { default: unknown }).default;
const UrlResolver = (require("pdfmake/js/URLResolver") as { default: new (fs: unknown) => unknown }).default;

const FONT_DIR = path.join(path.dirname(require.resolve("pdfmake/package.json")), "fonts", "Roboto");

const fonts = () => ({
  Roboto: {
    normal: path.join(FONT_DIR, "Roboto-Regular.ttf"),
    bold: path.join(FONT_DIR, "Roboto-Medium.ttf"),
    italics: path.join(FONT_DIR, "Roboto-Italic.ttf"),
    bolditalics: path.join(FONT_DIR, "Roboto-MediumItalic.ttf"),
  },
});

/** Only the bundled fonts may be read; the document definition never names a file or URL. */
const onlyFonts = (file: string): boolean => path.resolve(file).startsWith(FONT_DIR + path.sep);

const collect = (doc: PdfKitDocument): Promise<Uint8Array> =>
  new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    doc.on("data", (chunk) => chunks.push(chunk));
    doc.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on("error", reject);
    doc.end();
  });

/** The PDF bytes of a pdfmake document definition. */
export const printPdf = async (definition: PdfDocDefinition): Promise<Uint8Array> => {
  const printer = new Printer(fonts(), virtualfs, new UrlResolver(virtualfs), onlyFonts);
  return collect(await printer.createPdfKitDocument(definition));
};
