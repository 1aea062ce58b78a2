#!/usr/bin/env node
// The Node.js e-invoice library `@e-invoice-eu/core` on the benches' invoice (BENCHMARKS.md,
// e-invoice section; the counterpart of `scripts/bench_python_einvoice.py`).
//
// Install (outside the repository; nothing of it is committed):
//
//     npm install --prefix /var/tmp/npm-einvoice @e-invoice-eu/core@2.3.4 @cantoo/fontkit@2.0.12
//
// Run (Node.js 20):
//
//     node scripts/bench_node_einvoice.mjs [iterations] [--out DIR]
//
// `EINVOICE_NODE_PREFIX` names another install prefix (default /var/tmp/npm-einvoice).
// `--out DIR` also writes what one round produced (cii.xml, xrechnung-cii.xml,
// xrechnung-ubl.xml, input.pdf, facturx.pdf) for `scripts/einvoice_check.py`.
//
// The invoice is the one of the Python script and of `crm-core/benches/einvoice.rs`
// (5 lines of 2.5 × 95 EUR, line 3 at 7 %, the others at 19 %; Muster GmbH to Müller & Söhne
// GmbH; net 1,187.50, VAT 197.13, total 1,384.63), given to the library in its own JSON input
// format (UBL-shaped: `{"ubl:Invoice": {"cbc:ID": ..., ...}}`). As in our bench, the XRechnung
// documents also carry the buyer reference and the seller's contact.
//
// The library does not draw PDFs from JSON (only from a spreadsheet, through LibreOffice): a
// Factur-X hybrid is made from a PDF given to it. That PDF is drawn once up front with
// pdf-lib (the library's own PDF dependency, `@cantoo/pdf-lib`) and `@cantoo/fontkit`: one A4
// page with the same text as the Python script's reportlab page, DejaVu Sans and Bold embedded
// as subsets. Timed, each as a warm loop (one untimed call first), mean per document:
//
//   cii_ms, xrechnung_cii_ms, xrechnung_ubl_ms
//       `new InvoiceService(logger).generate(json, {format: 'CII' | 'XRECHNUNG-CII' |
//       'XRECHNUNG-UBL'})` -> XML string. The library's public API: it clones the input,
//       compiles its JSON schema with Ajv and validates the input on every call, then writes.
//   cii_direct_ms
//       the CII writer without that per-call schema step (`FormatFactoryService
//       .createFormatService('CII').fillInvoiceDefaults + generate`, input already valid).
//   facturx_embed_ms
//       `generate(json, {format: 'Factur-X-EN16931', pdf: <the PDF made up front>})` ->
//       PDF bytes: schema check, the CII XML written, the PDF parsed, `factur-x.xml`
//       attached, XMP/output intent/ID set, the PDF saved. No rendering.
//   facturx_direct_ms
//       the same through the Factur-X format service directly, without the schema step.
//   pdf_ms
//       drawing that page with pdf-lib (not @e-invoice-eu; only to put a render next to it).
//   hybrid_ms
//       pdf_ms's drawing + facturx_embed_ms's generate, per document: the closest Node
//       equivalent of the Python script's hybrid_ms and of our whole hybrid document.
//
// Prints one JSON line. The benches only: CI does not run it.

import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PREFIX = process.env.EINVOICE_NODE_PREFIX || '/var/tmp/npm-einvoice';
const require = createRequire(join(PREFIX, 'node_modules', '.bench'));
const core = require('@e-invoice-eu/core');
const { PDFDocument } = require('@cantoo/pdf-lib');
const fontkit = require('@cantoo/fontkit');
const VERSION = require('@e-invoice-eu/core/package.json').version;

const HERE = dirname(fileURLToPath(import.meta.url));
const FONTS = join(HERE, '..', 'crm-core', 'assets', 'fonts');
const REGULAR = readFileSync(join(FONTS, 'DejaVuSans.ttf'));
const BOLD = readFileSync(join(FONTS, 'DejaVuSans-Bold.ttf'));

// Amounts in cents, as the Python script's Decimal arithmetic (commercial rounding, as ours).
const LINES = [1, 2, 3, 4, 5].map((i) => ({
  desc: `Position ${i}: Beratung und Umsetzung laut Angebot`,
  qty: '2.5',
  price: '95.00',
  net: 23750,
  rate: i % 3 === 0 ? 7 : 19,
}));
const eur = (cents) => (cents / 100).toFixed(2);

function totals() {
  const net = new Map();
  for (const l of LINES) net.set(l.rate, (net.get(l.rate) || 0) + l.net);
  const tax = new Map([...net].map(([r, n]) => [r, Math.round((n * r) / 100)]));
  const totalNet = [...net.values()].reduce((a, b) => a + b, 0);
  const totalTax = [...tax.values()].reduce((a, b) => a + b, 0);
  return { net, tax, totalNet, totalTax, total: totalNet + totalTax };
}

function invoice({ xrechnung }) {
  const { net, tax, totalNet, totalTax, total } = totals();
  const vat = { 'cbc:ID': 'VAT' };
  const seller = {
    'cbc:EndpointID': 'info@muster.example.com',
    'cbc:EndpointID@schemeID': 'EM',
    'cac:PostalAddress': {
      'cbc:StreetName': 'Musterstraße 1',
      'cbc:CityName': 'Berlin',
      'cbc:PostalZone': '10115',
      'cac:Country': { 'cbc:IdentificationCode': 'DE' },
    },
    'cac:PartyTaxScheme': [{ 'cbc:CompanyID': 'DE136695976', 'cac:TaxScheme': vat }],
    'cac:PartyLegalEntity': { 'cbc:RegistrationName': 'Muster GmbH' },
  };
  if (xrechnung) {
    seller['cac:Contact'] = {
      'cbc:Name': 'Buchhaltung',
      'cbc:Telephone': '+49 30 1234567',
      'cbc:ElectronicMail': 'buchhaltung@muster.example.com',
    };
  }
  const doc = {
    'cbc:ID': 'RE-00001',
    'cbc:IssueDate': '2026-11-30',
    'cbc:DueDate': '2026-12-14',
    'cbc:InvoiceTypeCode': '380',
    'cbc:Note': ['Vielen Dank für Ihren Auftrag!'],
    'cbc:DocumentCurrencyCode': 'EUR',
    ...(xrechnung ? { 'cbc:BuyerReference': '04011000-12345-34' } : {}),
    'cac:AccountingSupplierParty': { 'cac:Party': seller },
    'cac:AccountingCustomerParty': {
      'cac:Party': {
        'cbc:EndpointID': 'kontakt@mllershnegmbh.example.com',
        'cbc:EndpointID@schemeID': 'EM',
        'cac:PostalAddress': {
          'cbc:StreetName': 'Große Straße 5',
          'cbc:CityName': 'Berlin',
          'cbc:PostalZone': '10115',
          'cac:Country': { 'cbc:IdentificationCode': 'DE' },
        },
        'cac:PartyTaxScheme': { 'cbc:CompanyID': 'DE136695976', 'cac:TaxScheme': vat },
        'cac:PartyLegalEntity': { 'cbc:RegistrationName': 'Müller & Söhne GmbH' },
        'cac:Contact': {
          'cbc:Name': 'Kontakt Müller & Söhne GmbH',
          'cbc:Telephone': '+49 30 1234567',
          'cbc:ElectronicMail': 'kontakt@mllershnegmbh.example.com',
        },
      },
    },
    // Without a delivery the library leaves out the CII's mandatory (possibly empty)
    // ApplicableHeaderTradeDelivery and the XML fails the XSD: the delivery date is given.
    'cac:Delivery': { 'cbc:ActualDeliveryDate': '2026-11-30' },
    'cac:PaymentMeans': [
      {
        'cbc:PaymentMeansCode': '58',
        'cac:PayeeFinancialAccount': { 'cbc:ID': 'DE89370400440532013000' },
      },
    ],
    'cac:TaxTotal': [
      {
        'cbc:TaxAmount': eur(totalTax),
        'cbc:TaxAmount@currencyID': 'EUR',
        'cac:TaxSubtotal': [...net.keys()]
          .sort((a, b) => a - b)
          .map((r) => ({
            'cbc:TaxableAmount': eur(net.get(r)),
            'cbc:TaxableAmount@currencyID': 'EUR',
            'cbc:TaxAmount': eur(tax.get(r)),
            'cbc:TaxAmount@currencyID': 'EUR',
            'cac:TaxCategory': { 'cbc:ID': 'S', 'cbc:Percent': String(r), 'cac:TaxScheme': vat },
          })),
      },
    ],
    'cac:LegalMonetaryTotal': {
      'cbc:LineExtensionAmount': eur(totalNet),
      'cbc:LineExtensionAmount@currencyID': 'EUR',
      'cbc:TaxExclusiveAmount': eur(totalNet),
      'cbc:TaxExclusiveAmount@currencyID': 'EUR',
      'cbc:TaxInclusiveAmount': eur(total),
      'cbc:TaxInclusiveAmount@currencyID': 'EUR',
      'cbc:PayableAmount': eur(total),
      'cbc:PayableAmount@currencyID': 'EUR',
    },
    'cac:InvoiceLine': LINES.map((l, i) => ({
      'cbc:ID': String(i + 1),
      'cbc:InvoicedQuantity': l.qty,
      'cbc:InvoicedQuantity@unitCode': 'C62',
      'cbc:LineExtensionAmount': eur(l.net),
      'cbc:LineExtensionAmount@currencyID': 'EUR',
      'cac:Item': {
        'cbc:Name': l.desc,
        'cac:ClassifiedTaxCategory': { 'cbc:ID': 'S', 'cbc:Percent': String(l.rate), 'cac:TaxScheme': vat },
      },
      'cac:Price': { 'cbc:PriceAmount': l.price, 'cbc:PriceAmount@currencyID': 'EUR' },
    })),
  };
  return { 'ubl:Invoice': doc };
}

// The page of the Python script's `pdf()`, in pdf-lib (y from the bottom, in points).
async function pdf() {
  const mm = 72 / 25.4;
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  doc.setTitle('Rechnung RE-00001');
  const regular = await doc.embedFont(REGULAR, { subset: true });
  const bold = await doc.embedFont(BOLD, { subset: true });
  const page = doc.addPage([595.2756, 841.8898]);
  const h = page.getHeight();
  const at = (text, x, y, font, size) => page.drawText(text, { x, y, font, size });
  const right = (text, x, y, font, size) =>
    page.drawText(text, { x: x - font.widthOfTextAtSize(text, size), y, font, size });
  const de = (s) => s.replace('.', ',');
  at('Muster GmbH', 20 * mm, h - 25 * mm, bold, 16);
  at('Musterstraße 1 · 10115 Berlin · USt-IdNr. DE136695976', 20 * mm, h - 31 * mm, regular, 9);
  ['Müller & Söhne GmbH', 'Große Straße 5', '10115 Berlin'].forEach((line, i) =>
    at(line, 20 * mm, h - (50 + 5 * i) * mm, regular, 10),
  );
  at('Rechnung RE-00001', 20 * mm, h - 80 * mm, bold, 14);
  let y = h - 95 * mm;
  for (const [head, x] of [['Beschreibung', 20], ['Menge', 120], ['Preis', 140], ['USt', 160], ['Betrag', 175]]) {
    at(head, x * mm, y, regular, 9);
  }
  for (const l of LINES) {
    y -= 6 * mm;
    at(l.desc, 20 * mm, y, regular, 9);
    right(de(l.qty), 135 * mm, y, regular, 9);
    right(`${de(l.price)} €`, 155 * mm, y, regular, 9);
    right(`${l.rate} %`, 170 * mm, y, regular, 9);
    right(`${de(eur(l.net))} €`, 190 * mm, y, regular, 9);
  }
  const { tax, totalNet, total } = totals();
  y -= 10 * mm;
  right('Netto', 170 * mm, y, regular, 9);
  right(`${de(eur(totalNet))} €`, 190 * mm, y, regular, 9);
  for (const r of [...tax.keys()].sort((a, b) => a - b)) {
    y -= 5 * mm;
    right(`USt ${r} %`, 170 * mm, y, regular, 9);
    right(`${de(eur(tax.get(r)))} €`, 190 * mm, y, regular, 9);
  }
  y -= 6 * mm;
  right('Gesamt', 170 * mm, y, bold, 10);
  right(`${de(eur(total))} €`, 190 * mm, y, bold, 10);
  at('Commerzbank Köln · IBAN DE89 3704 0044 0532 0130 00 · BIC COBADEFFXXX', 20 * mm, 20 * mm, regular, 8);
  return doc.save();
}

async function timed(f, n) {
  let out = await f(); // warm
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) out = await f();
  return [Number(process.hrtime.bigint() - start) / 1e6 / n, out];
}

async function main() {
  const args = process.argv.slice(2);
  const outAt = args.indexOf('--out');
  const outDir = outAt >= 0 ? args.splice(outAt, 2)[1] : null;
  const n = Number(args[0] || 50);
  const quiet = { log() {}, info() {}, debug() {}, warn: console.warn, error: console.error };
  const service = new core.InvoiceService(quiet);
  const base = invoice({ xrechnung: false });
  const xr = invoice({ xrechnung: true });
  const xml = (format, input) => () => service.generate(input, { format, lang: 'de-de' });

  const [ciiMs, cii] = await timed(xml('CII', base), n);
  const [xrCiiMs, xrCii] = await timed(xml('XRECHNUNG-CII', xr), n);
  const [xrUblMs, xrUbl] = await timed(xml('XRECHNUNG-UBL', xr), n);

  const writer = new core.FormatFactoryService().createFormatService('CII', quiet);
  const [ciiDirectMs] = await timed(() => {
    const inv = structuredClone(base);
    writer.fillInvoiceDefaults(inv);
    return writer.generate(inv, { format: 'cii', lang: 'de-de' });
  }, n);

  const [pdfMs, pdfBytes] = await timed(pdf, n);
  const facturx = (bytes) =>
    service.generate(base, {
      format: 'Factur-X-EN16931',
      lang: 'de-de',
      pdf: { buffer: bytes, filename: 'RE-00001.pdf', mimetype: 'application/pdf' },
    });
  const [embedMs, hybrid] = await timed(() => facturx(pdfBytes), n);
  const [hybridMs] = await timed(async () => facturx(await pdf()), n);
  const fx = new core.FormatFactoryService().createFormatService('Factur-X-EN16931', quiet);
  const [fxDirectMs] = await timed(() => {
    const inv = structuredClone(base);
    fx.fillInvoiceDefaults(inv);
    return fx.generate(inv, {
      format: 'factur-x-en16931',
      lang: 'de-de',
      pdf: { buffer: pdfBytes, filename: 'RE-00001.pdf', mimetype: 'application/pdf' },
    });
  }, n);

  if (outDir) {
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'cii.xml'), cii);
    writeFileSync(join(outDir, 'xrechnung-cii.xml'), xrCii);
    writeFileSync(join(outDir, 'xrechnung-ubl.xml'), xrUbl);
    writeFileSync(join(outDir, 'input.pdf'), pdfBytes);
    writeFileSync(join(outDir, 'facturx.pdf'), hybrid);
  }
  const r = (x) => Math.round(x * 1000) / 1000;
  console.log(
    JSON.stringify({
      library: `@e-invoice-eu/core ${VERSION}`,
      node: process.version,
      iterations: n,
      cii_ms: r(ciiMs),
      xrechnung_cii_ms: r(xrCiiMs),
      xrechnung_ubl_ms: r(xrUblMs),
      cii_direct_ms: r(ciiDirectMs),
      pdf_ms: r(pdfMs),
      facturx_embed_ms: r(embedMs),
      facturx_direct_ms: r(fxDirectMs),
      hybrid_ms: r(hybridMs),
      cii_bytes: Buffer.byteLength(cii),
      pdf_bytes: pdfBytes.length,
      hybrid_bytes: hybrid.length,
    }),
  );
}

await main();
