/**
 * End-to-end report benchmark (issue 5 §5, DESIGN.md §6): a Type 2 with 120 controls and 3,000
 * test-result rows (test/fixtures/reports/large-type2.ts). Times each step of producing the signed
 * report — build the model, render the PDF (DRAFT watermark), build the manifest of ~3,000 items,
 * sign (PAdES, manifest embedded) and verify — and in the same run pdfmake alone on the same
 * tables (no running header, footer, contents or orphan control) as the floor, with the ratio.
 * Certificate generation (once per firm, not per report) is timed apart. Prints figures and peak
 * RSS; the target is under 3 s for build + render + sign.
 * Usage: npx tsx bench/report.ts [--controls 120] [--rows 3000] [--items 3000] [--out FILE.pdf]
 */
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { buildReportManifest, type ManifestItem } from "../src/core/report-manifest.js";
import { buildReportModel } from "../src/core/report-model.js";
import { generateSigningCertificate } from "../src/reports/certificate.js";
import { reportDocDefinition } from "../src/reports/render-layout.js";
import { renderReportPdf } from "../src/reports/render-pdf.js";
import { signPdf } from "../src/reports/sign.js";
import { verifySignedPdf } from "../src/reports/verify.js";
import { largeType2 } from "../test/fixtures/reports/large-type2.js";

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const controls = Number(arg("controls", "120"));
const rows = Number(arg("rows", "3000"));
const itemCount = Number(arg("items", "3000"));
const out = arg("out", "");

const time = async <T>(fn: () => T | Promise<T>): Promise<[T, number]> => {
  const t = performance.now();
  const value = await fn();
  return [value, performance.now() - t];
};
const ms = (x: number) => `${x.toFixed(0)} ms`.padStart(8);
const rss = () => `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`;

const hex = (s: string) => createHash("sha256").update(s).digest("hex");
/** ~3,000 items in the proportions of a real engagement: mostly evidence, then workpapers, samples, populations. */
const manifestItems = (n: number): ManifestItem[] => {
  const out: ManifestItem[] = [];
  const kinds: [ManifestItem["kind"], number][] = [
    ["workpaper", controls],
    ["population", Math.round(controls * 0.6)],
    ["sample", Math.round(controls * 0.6)],
  ];
  for (const [kind, count] of kinds)
    for (let i = 0; i < count; i++) out.push({ kind, id: `${kind}-${i}`, sha256: hex(`${kind}${i}`) });
  for (let i = out.length; i < n; i++)
    out.push({ kind: "evidence", id: `evidence-${i}`, sha256: hex(`e${i}`) });
  return out;
};

const input = largeType2(controls, rows);
const testRows = input.controls.reduce((n, c) => n + (c.tests?.length ?? 0), 0);
console.log(
  `report: ${input.controls.length} controls, ${testRows} test-result rows, ${input.criteria.length} criteria`,
);

const [cert, certMs] = await time(() =>
  generateSigningCertificate({
    commonName: input.firm.partner.name,
    organization: input.firm.name,
    notBefore: new Date("2026-01-01T00:00:00Z"),
    password: "bench-password",
  }),
);
console.log(`certificate (once per firm, not per report): ${ms(certMs).trim()}`);

const signingTime = new Date("2026-05-15T10:00:00Z");
const [model, buildMs] = await time(() => buildReportModel(input));
const [pdf, renderMs] = await time(() => renderReportPdf(model, { watermark: "DRAFT" }));
const [manifest, manifestMs] = await time(() =>
  buildReportManifest({
    engagementId: input.engagement.id,
    reportVersion: 1,
    items: manifestItems(itemCount),
  }),
);
const [signed, signMs] = await time(() =>
  signPdf(
    pdf,
    { p12: cert.p12, password: "bench-password" },
    { reason: "Benchmark", location: input.firm.city, name: input.firm.partner.name, signingTime, manifest },
  ),
);
const [verified, verifyMs] = await time(() => verifySignedPdf(signed));
const total = buildMs + renderMs + manifestMs + signMs;
const pages = (new TextDecoder("latin1").decode(pdf).match(/\/Type \/Page\b/g) ?? []).length;
console.log(`build model      ${ms(buildMs)}`);
console.log(`render PDF       ${ms(renderMs)}   (${pages} pages, ${(pdf.length / 1024).toFixed(0)} KiB)`);
console.log(`manifest         ${ms(manifestMs)}   (${manifest.items.length} items)`);
console.log(`sign + embed     ${ms(signMs)}   (${(signed.length / 1024).toFixed(0)} KiB signed)`);
console.log(`total            ${ms(total)}   target < 3000 ms: ${total < 3000 ? "met" : "MISSED"}`);
console.log(
  `verify (reader)  ${ms(verifyMs)}   (${verified.manifest?.items.length ?? 0} manifest items checked)`,
);
console.log(`peak RSS after the pipeline: ${rss()}`);

// The floor: pdfmake alone on the same content, without header, footer, contents or orphan control.
const require = createRequire(import.meta.url);
const Printer = require("pdfmake/js/Printer").default;
const vfs = require("pdfmake/js/virtual-fs").default;
const UrlResolver = require("pdfmake/js/URLResolver").default;
const fontDir = `${require.resolve("pdfmake/package.json").replace(/package\.json$/, "")}fonts/Roboto`;
const full = reportDocDefinition(model);
const raw = {
  ...full,
  header: undefined,
  footer: undefined,
  pageBreakBefore: undefined,
  content: full.content.filter((n) => typeof n !== "object" || !("toc" in n)),
};
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
const [, floorMs] = await time(async () => {
  const doc = await printer.createPdfKitDocument(raw);
  await new Promise<void>((resolve) => {
    doc.on("data", () => {});
    doc.on("end", resolve);
    doc.end();
  });
});
console.log(
  `pdfmake alone on the same content (floor, warm): ${ms(floorMs).trim()}; our render ${(renderMs / floorMs).toFixed(2)}x, whole pipeline ${(total / floorMs).toFixed(2)}x`,
);
console.log(`peak RSS: ${rss()}`);
if (out) {
  writeFileSync(out, signed);
  console.log(`wrote ${out}`);
}
