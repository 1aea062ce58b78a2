#!/usr/bin/env python3
"""Checks the PDF/A-3b structure of PDFs and, for a ZUGFeRD / Factur-X hybrid, its attachment.

    python3 scripts/check_pdfa.py [--extract DIR] FILE.pdf...

Prints one JSON object per file: the facts read (XMP pdfaid, output intent, /ID, fonts,
encryption, embedded files, the Factur-X XMP properties) and `problems`, the list of what
breaks PDF/A-3b or the Factur-X 1.0.7 rules; `ok` is true when it is empty. With --extract,
the XML that `facturx.get_xml_from_pdf` finds is written to DIR/<file stem>.xml (so a caller
can compare it byte for byte and run scripts/einvoice_check.py on it).

This is not a full PDF/A validator. veraPDF, the reference one, is a Java application
distributed through Maven and its own installer, neither of which is reachable here; so the
rules this project's PDFs rely on are checked explicitly (COMPLIANCE.md section 4): the XMP
identification and its agreement with the information dictionary, the sRGB output intent
(profile parsed by LittleCMS through Pillow), the file identifier, embedded font programs
with /W widths that match their hmtx advances and no .notdef shown, no encryption,
JavaScript or LZW, the associated file with MIME type, /Params, /AFRelationship and /AF.

Needs pikepdf, factur-x and Pillow (pinned in .ci/run).
"""

import argparse
import io
import json
import pathlib
import struct
import sys

import pikepdf
from lxml import etree

FX_NS = "urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#"
NS = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#",
    "fx": FX_NS,
}


def xmp_value(root, path):
    """The text of the first element matching `path` (XPath under rdf:RDF), or None."""
    found = root.xpath(path, namespaces=NS)
    if not found:
        return None
    node = found[0]
    return node if isinstance(node, str) else (node.text or "")


def info_text(info, key):
    value = info.get(key) if info is not None else None
    return None if value is None else str(value)


def pdf_date_to_xmp(value):
    """D:20261127100000+00'00' -> 2026-11-27T10:00:00+00:00 (the form our writer uses)."""
    s = value[2:] if value.startswith("D:") else value
    digits = s[:14]
    rest = s[14:].replace("'", "")
    if rest in ("", "Z"):
        rest = "+0000"
    return (
        f"{digits[0:4]}-{digits[4:6]}-{digits[6:8]}T{digits[8:10]}:{digits[10:12]}:"
        f"{digits[12:14]}{rest[0:3]}:{rest[3:5]}"
    )


def check_xmp(pdf, report, problems):
    root_obj = pdf.Root
    if "/Metadata" not in root_obj:
        problems.append("no XMP metadata stream on the catalog")
        return None
    stream = root_obj.Metadata
    if "/Filter" in stream:
        problems.append("the XMP metadata stream is filtered")
    if stream.get("/Type") != "/Metadata" or stream.get("/Subtype") != "/XML":
        problems.append("the metadata stream lacks /Type /Metadata /Subtype /XML")
    raw = stream.read_bytes()
    try:
        root = etree.fromstring(raw)
    except etree.XMLSyntaxError as e:
        problems.append(f"the XMP packet is not well-formed XML: {e}")
        return None
    part = xmp_value(root, "//pdfaid:part/text()")
    conformance = xmp_value(root, "//pdfaid:conformance/text()")
    report["pdfaid"] = {"part": part, "conformance": conformance}
    if part != "3" or conformance != "B":
        problems.append(f"XMP does not claim PDF/A-3B (part {part}, conformance {conformance})")
    # Information dictionary and XMP must agree (ISO 19005-3, 6.6.2.3).
    info = pdf.trailer.get("/Info")
    pairs = [
        ("/Title", "//dc:title/rdf:Alt/rdf:li/text()", None),
        ("/Author", "//dc:creator/rdf:Seq/rdf:li/text()", None),
        ("/Subject", "//dc:description/rdf:Alt/rdf:li/text()", None),
        ("/Creator", "//xmp:CreatorTool/text()", None),
        ("/Producer", "//pdf:Producer/text()", None),
        ("/Keywords", "//pdf:Keywords/text()", None),
        ("/CreationDate", "//xmp:CreateDate/text()", pdf_date_to_xmp),
        ("/ModDate", "//xmp:ModifyDate/text()", pdf_date_to_xmp),
    ]
    for key, path, convert in pairs:
        a = info_text(info, key)
        b = xmp_value(root, path)
        if a is not None and convert is not None:
            a = convert(a)
        if a != b:
            problems.append(f"Info {key} {a!r} and XMP {path} {b!r} differ")
    return root


def check_output_intent(pdf, report, problems):
    intents = pdf.Root.get("/OutputIntents")
    pdfa = [i for i in (intents or []) if i.get("/S") == "/GTS_PDFA1"]
    if not pdfa:
        problems.append("no GTS_PDFA1 output intent")
        return
    intent = pdfa[0]
    profile = intent.get("/DestOutputProfile")
    n = int(profile.get("/N")) if profile is not None and "/N" in profile else None
    report["output_intent"] = {
        "subtype": str(intent.get("/S"))[1:],
        "condition": str(intent.get("/OutputConditionIdentifier")),
        "icc_n": n,
    }
    if profile is None or n != 3:
        problems.append(f"the output intent's ICC profile is missing or not RGB (N={n})")
        return
    icc = profile.read_bytes()
    report["output_intent"]["icc_bytes"] = len(icc)
    if icc[36:40] != b"acsp" or icc[16:20] != b"RGB " or icc[8] > 4:
        problems.append("the output intent's ICC profile header is not an RGB profile <= v4")
    try:
        from PIL import Image, ImageCms

        ours = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        report["output_intent"]["icc_description"] = ImageCms.getProfileDescription(ours).strip()
        # LittleCMS must not only parse it but map sRGB colours onto themselves.
        transform = ImageCms.buildTransform(ours, ImageCms.createProfile("sRGB"), "RGB", "RGB")
        colours = [(255, 0, 0), (0, 255, 0), (0, 0, 255), (128, 128, 128), (20, 200, 90)]
        image = Image.new("RGB", (len(colours), 1))
        image.putdata(colours)
        out = [ImageCms.applyTransform(image, transform).getpixel((i, 0)) for i in range(len(colours))]
        worst = max(abs(a - b) for c, o in zip(colours, out) for a, b in zip(c, o))
        report["output_intent"]["icc_max_deviation"] = worst
        if worst > 3:
            problems.append(f"the ICC profile is not sRGB (deviation {worst})")
    except Exception as e:  # noqa: BLE001 - any failure of LittleCMS is a broken profile
        problems.append(f"LittleCMS cannot use the ICC profile: {e}")


def hmtx_widths(program):
    """Advance widths (1/1000 em, truncated) of a TrueType program, by glyph id."""
    count = struct.unpack(">H", program[4:6])[0]
    tables = {}
    for i in range(count):
        tag, _, offset, length = struct.unpack(">4sIII", program[12 + 16 * i : 28 + 16 * i])
        tables[tag] = program[offset : offset + length]
    upm = struct.unpack(">H", tables[b"head"][18:20])[0]
    metrics = struct.unpack(">H", tables[b"hhea"][34:36])[0]
    glyphs = struct.unpack(">H", tables[b"maxp"][4:6])[0]
    hmtx = tables[b"hmtx"]
    advances = [struct.unpack(">H", hmtx[4 * i : 4 * i + 2])[0] for i in range(metrics)]
    advances += [advances[-1]] * (glyphs - metrics)
    return [a * 1000 // upm for a in advances]


def check_fonts(pdf, report, problems):
    fonts = []
    type0 = {}
    for page in pdf.pages:
        for name, font in (page.Resources.get("/Font") or {}).items():
            entry = {"name": str(font.get("/BaseFont"))[1:], "subtype": str(font.Subtype)[1:]}
            descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
            descriptor = descendant.get("/FontDescriptor")
            programs = [k for k in ("/FontFile", "/FontFile2", "/FontFile3") if descriptor is not None and k in descriptor]
            entry["embedded"] = programs[0][1:] if programs else None
            if not programs:
                problems.append(f"font {entry['name']} is not embedded")
            elif programs[0] == "/FontFile2" and "/W" in descendant:
                widths = hmtx_widths(descriptor.FontFile2.read_bytes())
                w = descendant.W
                bad = 0
                # Our writer's form: [first [w w w ...]] runs.
                for i in range(0, len(w) - 1, 2):
                    first, run = int(w[i]), w[i + 1]
                    for j, value in enumerate(run):
                        gid = first + j
                        if gid >= len(widths) or abs(widths[gid] - float(value)) > 1:
                            bad += 1
                if bad:
                    problems.append(f"font {entry['name']}: {bad} /W widths differ from hmtx")
            if font.Subtype == "/Type0":
                type0[name] = font
            fonts.append(entry)
    report["fonts"] = fonts
    # No text showing operator may show .notdef (CID 0 under Identity-H).
    notdef = 0
    for page in pdf.pages:
        current = None
        for operands, operator in pikepdf.parse_content_stream(page):
            op = str(operator)
            if op == "Tf":
                current = type0.get(str(operands[0]))
            elif op in ("Tj", "'", '"', "TJ") and current is not None:
                strings = operands[0] if op == "TJ" else operands[-1:]
                for s in strings:
                    if isinstance(s, pikepdf.String):
                        b = bytes(s)
                        notdef += sum(1 for k in range(0, len(b) - 1, 2) if b[k : k + 2] == b"\0\0")
    report["notdef_shown"] = notdef
    if notdef:
        problems.append(f".notdef shown {notdef} times")


def check_forbidden(pdf, problems):
    if "/Names" in pdf.Root and "/JavaScript" in pdf.Root.Names:
        problems.append("document-level JavaScript")
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary) or isinstance(obj, pikepdf.Stream):
            if obj.get("/S") == "/JavaScript" or obj.get("/S") == "/Launch":
                problems.append(f"forbidden action {obj.get('/S')}")
            filters = obj.get("/Filter")
            names = [filters] if isinstance(filters, pikepdf.Name) else list(filters or [])
            if "/LZWDecode" in [str(n) for n in names]:
                problems.append("an LZW-compressed stream")


def check_hybrid(pdf, raw, xmp, report, problems, extract, stem):
    names = pdf.Root.get("/Names")
    files = names.get("/EmbeddedFiles") if names is not None else None
    if files is None:
        report["hybrid"] = None
        return
    pairs = files.Names
    hybrid = {"files": [str(pairs[i]) for i in range(0, len(pairs), 2)]}
    report["hybrid"] = hybrid
    spec = None
    for i in range(0, len(pairs), 2):
        if str(pairs[i]) == "factur-x.xml":
            spec = pairs[i + 1]
    if spec is None:
        problems.append("no embedded file named factur-x.xml")
        return
    stream = spec.EF.F
    params = stream.get("/Params")
    data = stream.read_bytes()
    hybrid.update(
        {
            "name": str(spec.get("/F")),
            "unicode_name": str(spec.get("/UF")),
            "subtype": str(stream.get("/Subtype"))[1:],
            "afrelationship": str(spec.get("/AFRelationship"))[1:],
            "in_catalog_af": any(a.objgen == spec.objgen for a in pdf.Root.get("/AF", [])),
            "size": int(params.Size) if params is not None and "/Size" in params else None,
            "mod_date": str(params.ModDate) if params is not None and "/ModDate" in params else None,
            "desc": str(spec.get("/Desc")),
        }
    )
    if hybrid["name"] != "factur-x.xml" or hybrid["unicode_name"] != "factur-x.xml":
        problems.append("/F and /UF must both be factur-x.xml")
    if hybrid["subtype"] != "text/xml":
        problems.append(f"MIME subtype {hybrid['subtype']!r}, not text/xml")
    if hybrid["afrelationship"] not in ("Alternative", "Source", "Data"):
        problems.append(f"AFRelationship {hybrid['afrelationship']!r}")
    if not hybrid["in_catalog_af"]:
        problems.append("the file specification is not in the catalog's /AF")
    if hybrid["size"] != len(data) or hybrid["mod_date"] is None:
        problems.append("/Params must carry /Size (the XML's length) and /ModDate")
    if xmp is not None:
        fx = {
            key: xmp_value(xmp, f"//fx:{key}/text()")
            for key in ("DocumentType", "DocumentFileName", "Version", "ConformanceLevel")
        }
        hybrid["fx"] = fx
        schema = xmp_value(xmp, "//pdfaSchema:namespaceURI/text()")
        if schema != FX_NS:
            problems.append("no PDF/A extension schema for the fx namespace")
        expected = {
            "DocumentType": "INVOICE",
            "DocumentFileName": "factur-x.xml",
            "Version": "1.0",
            "ConformanceLevel": "EN 16931",
        }
        if fx != expected:
            problems.append(f"XMP fx properties {fx}")
    # The factur-x library must find the same XML.
    import facturx

    try:
        name, xml = facturx.get_xml_from_pdf(raw, check_xsd=False)
    except Exception as e:  # noqa: BLE001
        name, xml = None, None
        problems.append(f"facturx.get_xml_from_pdf failed: {e}")
    hybrid["facturx_found"] = name
    if xml != data:
        problems.append("facturx.get_xml_from_pdf does not return the embedded XML")
    if extract is not None and xml:
        out = pathlib.Path(extract) / f"{stem}.xml"
        out.write_bytes(xml)
        hybrid["extracted"] = str(out)


def check(path, extract):
    raw = pathlib.Path(path).read_bytes()
    report = {"file": path}
    problems = []
    header = raw[:20]
    if not header.startswith(b"%PDF-1.") or header[7:8] not in b"01234567":
        problems.append(f"header {header[:8]!r} is not %PDF-1.0 … %PDF-1.7")
    second = raw.split(b"\n", 2)[1] if raw.count(b"\n") > 1 else b""
    if not (second.startswith(b"%") and len(second) >= 5 and all(b > 127 for b in second[1:5])):
        problems.append("no binary comment after the header")
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        report["version"] = pdf.pdf_version
        report["encrypted"] = pdf.is_encrypted or "/Encrypt" in pdf.trailer
        if report["encrypted"]:
            problems.append("encrypted")
        ids = pdf.trailer.get("/ID")
        report["id"] = ids is not None and len(ids) == 2 and len(bytes(ids[0])) > 0
        if not report["id"]:
            problems.append("no file identifier /ID in the trailer")
        xmp = check_xmp(pdf, report, problems)
        check_output_intent(pdf, report, problems)
        check_fonts(pdf, report, problems)
        check_forbidden(pdf, problems)
        check_hybrid(pdf, raw, xmp, report, problems, extract, pathlib.Path(path).stem)
    report["problems"] = problems
    report["ok"] = not problems
    return report


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--extract", help="directory for the extracted factur-x.xml files")
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    for path in args.files:
        try:
            report = check(path, args.extract)
        except Exception as e:  # noqa: BLE001 - an unreadable file is a failed check
            report = {"file": path, "ok": False, "problems": [f"unreadable: {e}"]}
        print(json.dumps(report, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
