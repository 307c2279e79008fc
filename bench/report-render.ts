/**
 * Report render benchmark (DESIGN.md §6): a Type 2 report with 120 controls and 3,000 test-result
 * rows. Times building the model and rendering the PDF (cold first run, then warm runs), and in the
 * same run pdfmake alone on the same tables (no running header, footer, contents or orphan control)
 * as the floor. Prints figures and peak RSS; asserts nothing. Signing is timed separately.
 * Usage: npx tsx bench/report-render.ts [--controls 120] [--rows 3000] [--runs 3] [--out FILE.pdf]
 */
import { writeFileSync } from "node:fs";
import { buildReportModel } from "../src/core/report-model.js";
import { reportDocDefinition } from "../src/reports/render-layout.js";
import { renderReportPdf } from "../src/reports/render-pdf.js";
import { largeType2 } from "../test/fixtures/reports/large-type2.js";

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const controls = Number(arg("controls", "120"));
const rows = Number(arg("rows", "3000"));
const runs = Number(arg("runs", "3"));
const out = arg("out", "");

const time = async <T>(fn: () => T | Promise<T>): Promise<[T, number]> => {
  const t = performance.now();
  const value = await fn();
  return [value, performance.now() - t];
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const ms = (x: number) => `${x.toFixed(0)} ms`;

const input = largeType2(controls, rows);
const testRows = input.controls.reduce((n, c) => n + (c.tests?.length ?? 0), 0);
console.log(
  `report: ${input.controls.length} controls, ${testRows} test-result rows, ${input.criteria.length} criteria`,
);

const builds: number[] = [];
const renders: number[] = [];
let pdf: Uint8Array = new Uint8Array();
for (let i = 0; i < runs + 1; i++) {
  const [model, build] = await time(() => buildReportModel(input));
  const [bytes, render] = await time(() => renderReportPdf(model, { watermark: "DRAFT" }));
  pdf = bytes;
  if (i === 0) {
    console.log(
      `cold (first in process): build ${ms(build)}, render ${ms(render)}, total ${ms(build + render)}`,
    );
  } else {
    builds.push(build);
    renders.push(render);
  }
}
const pages = (new TextDecoder("latin1").decode(pdf).match(/\/Type \/Page\b/g) ?? []).length;
console.log(
  `warm median of ${runs}: build ${ms(median(builds))}, render ${ms(median(renders))}, total ${ms(median(builds) + median(renders))}`,
);
console.log(`output: ${pages} pages, ${(pdf.length / 1024).toFixed(0)} KiB`);

// The floor: pdfmake alone on the same tables, without header, footer, contents or orphan control.
const { createRequire } = await import("node:module");
const require = createRequire(import.meta.url);
const Printer = require("pdfmake/js/Printer").default;
const vfs = require("pdfmake/js/virtual-fs").default;
const UrlResolver = require("pdfmake/js/URLResolver").default;
const fontDir = `${require.resolve("pdfmake/package.json").replace(/package\.json$/, "")}fonts/Roboto`;
const model = buildReportModel(input);
const rawDefinition = () => {
  const full = reportDocDefinition(model);
  return {
    ...full,
    header: undefined,
    footer: undefined,
    pageBreakBefore: undefined,
    content: full.content.filter((n) => typeof n !== "object" || !("toc" in n)),
  };
};
const rawTimes: number[] = [];
for (let i = 0; i < runs; i++) {
  const printer = new Printer(
    {
      Roboto: {
        normal: `${fontDir}/Roboto-Regular.ttf`,
        bold: `${fontDir}/Roboto-Medium.ttf`,
        italics: `${fontDir}/Roboto-Italic.ttf`,
        bolditalics: `${fontDir}/Roboto-MediumItalic.ttf`,
      },
    },
    vfs,
    new UrlResolver(vfs),
    () => true,
  );
  const [, t] = await time(async () => {
    const doc = await printer.createPdfKitDocument(rawDefinition());
    await new Promise<void>((resolve) => {
      doc.on("data", () => {});
      doc.on("end", resolve);
      doc.end();
    });
  });
  rawTimes.push(t);
}
console.log(
  `pdfmake alone on the same content (floor): ${ms(median(rawTimes))}; ratio ${(median(renders) / median(rawTimes)).toFixed(2)}x`,
);
console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
if (out) {
  writeFileSync(out, pdf);
  console.log(`wrote ${out}`);
}
