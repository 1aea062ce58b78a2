#!/usr/bin/env python3
"""The Python reference stack for a hybrid e-invoice (issue 16's comparison, BENCHMARKS.md).

One invoice like the `render`/`einvoice` benches' 5-line one (letterhead, addresses, a table of
5 lines at 19 % and 7 %, totals, bank details): the PDF drawn by reportlab in the bundled
DejaVu Sans, embedded and subset as in ours, the EN 16931 XML built
by drafthorse, embedded by factur-x (`generate_from_binary`, XSD check on as its default). Warm
loops, whole documents; prints one JSON line with milliseconds per document for each step and
the total.

    pip install reportlab==4.4.10 drafthorse==2025.2.0 factur-x==7.8
    python3 scripts/bench_python_einvoice.py [iterations]

The benches only: CI does not run it (no test depends on these packages).
"""

import io
import json
import os
import sys
import time
from datetime import date
from decimal import Decimal

from drafthorse.models.accounting import ApplicableTradeTax
from drafthorse.models.document import Document
from drafthorse.models.party import TaxRegistration
from drafthorse.models.payment import PaymentMeans
from drafthorse.models.tradelines import LineItem
from facturx import generate_from_binary
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

# The same faces as ours, embedded (as PDF/A requires; reportlab subsets them per document).
FONTS = os.path.join(os.path.dirname(__file__), "..", "crm-core", "assets", "fonts")
pdfmetrics.registerFont(TTFont("DejaVu", os.path.join(FONTS, "DejaVuSans.ttf")))
pdfmetrics.registerFont(TTFont("DejaVu-Bold", os.path.join(FONTS, "DejaVuSans-Bold.ttf")))

LINES = [
    (f"Position {i}: Beratung und Umsetzung laut Angebot", Decimal("2.5"), Decimal("95"),
     Decimal("7") if i % 3 == 0 else Decimal("19"))
    for i in range(1, 6)
]
CENT = Decimal("0.01")


def totals():
    net = {}
    for _, qty, price, rate in LINES:
        net[rate] = net.get(rate, Decimal(0)) + (qty * price).quantize(CENT)
    tax = {r: (n * r / 100).quantize(CENT) for r, n in net.items()}
    total_net = sum(net.values())
    total_tax = sum(tax.values())
    return net, tax, total_net, total_tax, total_net + total_tax


def pdf():
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setTitle("Rechnung RE-00001")
    w, h = A4
    c.setFont("DejaVu-Bold", 16)
    c.drawString(20 * mm, h - 25 * mm, "Muster GmbH")
    c.setFont("DejaVu", 9)
    c.drawString(20 * mm, h - 31 * mm, "Musterstraße 1 · 10115 Berlin · USt-IdNr. DE136695976")
    c.setFont("DejaVu", 10)
    for i, line in enumerate(["Müller & Söhne GmbH", "Große Straße 5", "10115 Berlin"]):
        c.drawString(20 * mm, h - (50 + 5 * i) * mm, line)
    c.setFont("DejaVu-Bold", 14)
    c.drawString(20 * mm, h - 80 * mm, "Rechnung RE-00001")
    c.setFont("DejaVu", 9)
    y = h - 95 * mm
    for head, x in [("Beschreibung", 20), ("Menge", 120), ("Preis", 140), ("USt", 160), ("Betrag", 175)]:
        c.drawString(x * mm, y, head)
    for desc, qty, price, rate in LINES:
        y -= 6 * mm
        c.drawString(20 * mm, y, desc)
        c.drawRightString(135 * mm, y, f"{qty}".replace(".", ","))
        c.drawRightString(155 * mm, y, f"{price:.2f} €".replace(".", ","))
        c.drawRightString(170 * mm, y, f"{rate} %")
        c.drawRightString(190 * mm, y, f"{(qty * price).quantize(CENT):.2f} €".replace(".", ","))
    net, tax, total_net, total_tax, total = totals()
    y -= 10 * mm
    c.drawRightString(170 * mm, y, "Netto")
    c.drawRightString(190 * mm, y, f"{total_net:.2f} €".replace(".", ","))
    for rate in sorted(tax):
        y -= 5 * mm
        c.drawRightString(170 * mm, y, f"USt {rate} %")
        c.drawRightString(190 * mm, y, f"{tax[rate]:.2f} €".replace(".", ","))
    y -= 6 * mm
    c.setFont("DejaVu-Bold", 10)
    c.drawRightString(170 * mm, y, "Gesamt")
    c.drawRightString(190 * mm, y, f"{total:.2f} €".replace(".", ","))
    c.setFont("DejaVu", 8)
    c.drawString(20 * mm, 20 * mm, "Commerzbank Köln · IBAN DE89 3704 0044 0532 0130 00 · BIC COBADEFFXXX")
    c.showPage()
    c.save()
    return buf.getvalue()


def xml():
    doc = Document()
    doc.context.guideline_parameter.id = "urn:cen.eu:en16931:2017"
    doc.header.id = "RE-00001"
    doc.header.type_code = "380"
    doc.header.issue_date_time = date(2026, 11, 30)
    doc.trade.agreement.seller.name = "Muster GmbH"
    doc.trade.agreement.seller.address.line_one = "Musterstraße 1"
    doc.trade.agreement.seller.address.postcode = "10115"
    doc.trade.agreement.seller.address.city_name = "Berlin"
    doc.trade.agreement.seller.address.country_id = "DE"
    doc.trade.agreement.seller.tax_registrations.add(TaxRegistration(id=("VA", "DE136695976")))
    doc.trade.agreement.buyer.name = "Müller & Söhne GmbH"
    doc.trade.agreement.buyer.address.line_one = "Große Straße 5"
    doc.trade.agreement.buyer.address.postcode = "10115"
    doc.trade.agreement.buyer.address.city_name = "Berlin"
    doc.trade.agreement.buyer.address.country_id = "DE"
    doc.trade.settlement.currency_code = "EUR"
    means = PaymentMeans()
    means.type_code = "58"
    means.payee_account.iban = "DE89370400440532013000"
    doc.trade.settlement.payment_means.add(means)
    for i, (desc, qty, price, rate) in enumerate(LINES, start=1):
        li = LineItem()
        li.document.line_id = str(i)
        li.product.name = desc
        li.agreement.net.amount = price
        li.delivery.billed_quantity = (qty, "C62")
        li.settlement.trade_tax.type_code = "VAT"
        li.settlement.trade_tax.category_code = "S"
        li.settlement.trade_tax.rate_applicable_percent = rate
        li.settlement.monetary_summation.total_amount = (qty * price).quantize(CENT)
        doc.trade.items.add(li)
    net, tax, total_net, total_tax, total = totals()
    for rate in sorted(net):
        t = ApplicableTradeTax()
        t.calculated_amount = tax[rate]
        t.basis_amount = net[rate]
        t.type_code = "VAT"
        t.category_code = "S"
        t.rate_applicable_percent = rate
        doc.trade.settlement.trade_tax.add(t)
    s = doc.trade.settlement.monetary_summation
    s.line_total = total_net
    s.tax_basis_total = total_net
    s.tax_total = (total_tax, "EUR")
    s.grand_total = total
    s.due_amount = total
    return doc.serialize(schema="FACTUR-X_EN16931")


def timed(f, n):
    f()  # warm
    start = time.perf_counter()
    for _ in range(n):
        out = f()
    return (time.perf_counter() - start) * 1000 / n, out


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    pdf_ms, pdf_bytes = timed(pdf, n)
    xml_ms, xml_bytes = timed(xml, n)
    embed_ms, hybrid = timed(lambda: generate_from_binary(pdf_bytes, xml_bytes), n)
    total_ms, _ = timed(lambda: generate_from_binary(pdf(), xml()), n)
    print(json.dumps({
        "iterations": n,
        "pdf_ms": round(pdf_ms, 3),
        "xml_ms": round(xml_ms, 3),
        "embed_ms": round(embed_ms, 3),
        "hybrid_ms": round(total_ms, 3),
        "hybrid_bytes": len(hybrid),
    }))


if __name__ == "__main__":
    main()
