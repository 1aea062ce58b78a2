// Times headless Chromium printing invoice.html to PDF, cold (a fresh `chromium
// --print-to-pdf` process and profile per PDF) and warm (one browser, `page.setContent` +
// `page.pdf()` per PDF, through playwright-core), and compares with crm's median.
//
//   node compare.mjs CHROMIUM INVOICE_HTML COLD_RUNS WARM_RUNS OURS_MEDIAN_MS OUT_DIR
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { chromium } from "playwright-core";

const [chromiumPath, htmlPath, coldArg, warmArg, oursArg, outDir] = process.argv.slice(2);
const coldRuns = Number(coldArg);
const warmRuns = Number(warmArg);
const oursMs = Number(oursArg);

// No network, no updates, no first-run work: measure printing, not housekeeping.
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
const fmt = (ms) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(2));

// Cold: a new process with a fresh profile for every PDF, as a naive server would do.
const cold = [];
let coldBytes = 0;
for (let i = 0; i < coldRuns; i++) {
  const profile = mkdtempSync(join(tmpdir(), "crm-chromium-cold-"));
  const pdf = join(outDir, `cold-${i}.pdf`);
  const start = performance.now();
  const r = spawnSync(
    chromiumPath,
    [...FLAGS, `--user-data-dir=${profile}`, "--no-pdf-header-footer", `--print-to-pdf=${pdf}`,
     `file://${htmlPath}`],
    { stdio: "ignore", timeout: 60_000 },
  );
  const elapsed = performance.now() - start;
  rmSync(profile, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`chromium exited with ${r.status} (${r.error ?? ""})`);
  coldBytes = statSync(pdf).size;
  cold.push(elapsed);
}

// Warm: one browser and page; each PDF sets the invoice HTML and prints it.
const html = readFileSync(htmlPath, "utf8");
const profile = mkdtempSync(join(tmpdir(), "crm-chromium-warm-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: chromiumPath,
  headless: true,
  args: FLAGS,
});
const page = await context.newPage();
const printOnce = async () => {
  await page.setContent(html, { waitUntil: "load" });
  return page.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true });
};
for (let i = 0; i < 10; i++) await printOnce(); // warm-up
const warm = [];
let warmBytes = 0;
for (let i = 0; i < warmRuns; i++) {
  const start = performance.now();
  const pdf = await printOnce();
  warm.push(performance.now() - start);
  warmBytes = pdf.length;
}
await context.close();
rmSync(profile, { recursive: true, force: true });

const coldMs = median(cold);
const warmMs = median(warm);
const version = spawnSync(chromiumPath, ["--version"], { encoding: "utf8" })
  .stdout.trim()
  .replace(/ built on .*/, "");
console.log(`${version}`);
console.log(`cold CLI  (${coldRuns} runs): median ${fmt(coldMs)} ms, ${coldBytes} bytes`);
console.log(`warm page (${warmRuns} runs): median ${fmt(warmMs)} ms, ${warmBytes} bytes`);
console.log(`crm PdfRenderer:            median ${oursMs.toFixed(3)} ms`);
console.log(`ratio cold CLI / crm:  ${(coldMs / oursMs).toFixed(0)}x (goal >= 100x)`);
console.log(`ratio warm page / crm: ${(warmMs / oursMs).toFixed(1)}x (goal >= 15x)`);
console.log("");
console.log("| renderer | median per PDF | PDF size | crm is faster by |");
console.log("| --- | --- | --- | --- |");
let oursBytes = 0;
try {
  oursBytes = statSync(join(outDir, "crm.pdf")).size;
} catch {}
console.log(`| crm \`PdfRenderer\` (release) | ${oursMs.toFixed(2)} ms | ${Math.round(oursBytes / 1024)} KB | — |`);
console.log(`| ${version}, warm (\`page.setContent\` + \`page.pdf()\`) | ${fmt(warmMs)} ms | ${Math.round(warmBytes / 1024)} KB | ${(warmMs / oursMs).toFixed(1)}× |`);
console.log(`| ${version}, cold (\`--print-to-pdf\`, fresh process and profile) | ${fmt(coldMs)} ms | ${Math.round(coldBytes / 1024)} KB | ${(coldMs / oursMs).toFixed(0)}× |`);
