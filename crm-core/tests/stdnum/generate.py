#!/usr/bin/env python3
"""Candidate VAT numbers and python-stdnum's verdict on each, for the differential test.

Run by `crm-core/tests/it/stdnum_differential.rs`. Prints one JSON object a line (with
`--stnr`: German Steuernummern against `stdnum.de.stnr` instead, see `stnr_main`):

    {"input": "...", "valid": true, "compact": "DE136695976", "kind": "valid", "base": null}

`kind` says how the candidate was made (valid, mutation, random, length, paste); `base` is
the canonical number a paste form was written from; `alt`, for a Swiss or Norwegian number
stdnum's VAT module refuses, is its UID / organisation number module's compact form. The run is deterministic (fixed seed),
so a disagreement is reproducible. Valid numbers are completed with stdnum's own
`calc_check_digit(s)` where the module has one, otherwise by trying every check value with
stdnum's validator (so their validity is stdnum's, never ours). Exits 3 when stdnum is
missing, so the test can tell that apart from a broken script.
"""

import datetime
import itertools
import json
import random
import sys

try:
    import stdnum
    from stdnum import luhn
    from stdnum.bg import egn as bg_egn
    from stdnum.bg import pnf as bg_pnf
    from stdnum.bg import vat as bg_vat
    from stdnum.ch import uid as ch_uid
    from stdnum.ch import vat as ch_vat
    from stdnum.cy import vat as cy_vat
    from stdnum.cz import dic as cz_dic
    from stdnum.es import cif as es_cif
    from stdnum.es import dni as es_dni
    from stdnum.es import nie as es_nie
    from stdnum.eu import vat as eu_vat
    from stdnum.gb import vat as gb_vat
    from stdnum.gr import vat as gr_vat
    from stdnum.ie import vat as ie_vat
    from stdnum.lt import pvm as lt_pvm
    from stdnum.lv import pvn as lv_pvn
    from stdnum.no import mva as no_mva
    from stdnum.no import orgnr as no_orgnr
    from stdnum.pt import nif as pt_nif
    from stdnum.at import uid as at_uid
    from stdnum.iso7064 import mod_11_10
except ImportError as e:  # pragma: no cover
    print(f"python-stdnum is not installed: {e}", file=sys.stderr)
    sys.exit(3)

SEED = 20261202
rng = random.Random(SEED)


def digits(n):
    return "".join(rng.choice("0123456789") for _ in range(n))


def nz_digits(n):
    return rng.choice("123456789") + digits(n - 1)


def verdict(prefix, number):
    """stdnum's answer for `number` (written with its prefix): (valid, compact with prefix)."""
    module = {"GB": gb_vat, "CHE": ch_vat, "NO": no_mva}.get(prefix, eu_vat)
    try:
        compact = module.validate(number)
    except stdnum.exceptions.ValidationError:
        return False, None
    except ValueError:  # a module tripping over odd input (int() of a letter) says no too
        return False, None
    # eu.vat answers with the prefix; the GB and NO modules without it (ch.vat keeps "CHE").
    if prefix in ("GB", "NO"):
        compact = prefix + compact
    return True, compact


def complete(prefix, stem, alphabet="0123456789", width=1):
    """The stem completed with the first check value (in random order) stdnum accepts."""
    combos = ["".join(c) for c in itertools.product(alphabet, repeat=width)]
    rng.shuffle(combos)
    for c in combos:
        body = stem + c
        if verdict(prefix, prefix + body)[0]:
            return body
    return None


def date_digits(lo, hi):
    start = datetime.date(lo, 1, 1).toordinal()
    end = datetime.date(hi, 12, 31).toordinal()
    return datetime.date.fromordinal(rng.randint(start, end))


# ----- valid numbers per prefix (body without prefix) ------------------------------------


def v_at():
    stem = digits(7)
    return "U" + stem + at_uid.calc_check_digit("U" + stem)


def v_be():
    return complete("BE", rng.choice("01") + digits(7), width=2)


def v_bg():
    kind = rng.randrange(4)
    if kind == 0:  # legal entity, 9 digits
        s = digits(8)
        return s + bg_vat.calc_check_digit_legal(s)
    if kind == 1:  # EGN: person, birth date with century in the month
        d = date_digits(1850, 2025)
        month = d.month + (40 if d.year >= 2000 else 20 if d.year < 1900 else 0)
        s = f"{d.year % 100:02d}{month:02d}{d.day:02d}" + digits(3)
        return s + bg_egn.calc_check_digit(s)
    if kind == 2:  # PNF: foreigner
        s = digits(9)
        return s + bg_pnf.calc_check_digit(s)
    s = digits(9)  # others
    c = bg_vat.calc_check_digit_other(s)
    return s + c if len(c) == 1 else None


def v_cy():
    s = rng.choice("013459") + digits(7)
    return s + cy_vat.calc_check_digit(s)


def v_cz():
    kind = rng.randrange(4)
    if kind == 0:  # legal entity
        s = rng.choice("12345678") + digits(6)
        return s + cz_dic.calc_check_digit_legal(s)
    if kind == 1:  # special (individuals without a birth number)
        s = digits(7)
        return "6" + s + cz_dic.calc_check_digit_special(s)
    if kind == 2:  # birth number, 10 digits (from 1954)
        d = date_digits(1954, 2025)
        month = d.month + rng.choice([0, 50]) + (rng.choice([0, 20]) if d.year >= 2004 else 0)
        s = f"{d.year % 100:02d}{month:02d}{d.day:02d}" + digits(3)
        return complete("CZ", s)
    d = date_digits(1900, 1953)  # birth number, 9 digits (before 1954)
    month = d.month + rng.choice([0, 50])
    return f"{d.year % 100:02d}{month:02d}{d.day:02d}" + digits(3)


def v_el():
    s = digits(8)
    return s + gr_vat.calc_check_digit(s)


def v_es():
    kind = rng.randrange(3)
    if kind == 0:
        s = digits(8)
        return s + es_dni.calc_check_digit(s)
    if kind == 1:
        s = rng.choice("XYZ") + digits(7)
        return s + es_nie.calc_check_digit(s)
    s = rng.choice("ABCDEFGHJNPQRSUVW") + digits(7)
    return s + rng.choice(es_cif.calc_check_digits(s))


def v_fr():
    siren = digits(8)
    siren += luhn.calc_check_digit(siren)
    if rng.random() < 0.6:
        return f"{int(siren + '12') % 97:02d}" + siren  # numeric key (stdnum's to_tva)
    return fr_alpha(siren)


def fr_alpha(siren):
    """The SIREN with a key that has a letter (the newer scheme), found by trying them all."""
    alphabet = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    keys = [a + b for a in alphabet for b in alphabet if not (a + b).isdigit()]
    rng.shuffle(keys)
    for k in keys:
        if verdict("FR", "FR" + k + siren)[0]:
            return k + siren
    return None


def v_hr():
    s = digits(10)
    return s + mod_11_10.calc_check_digit(s)


def v_ie():
    kind = rng.randrange(3)
    if kind == 0:
        s = digits(7)
        return s + ie_vat.calc_check_digit(s)
    if kind == 1:
        s = digits(7)
        second = rng.choice("WABCDEFGHI")
        return s + ie_vat.calc_check_digit(s + second) + second
    s = rng.choice("0123456789")
    mid = digits(5)
    letter = rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ+*")
    return s + letter + mid + ie_vat.calc_check_digit(mid + s)


def v_it():
    office = rng.choice(["%03d" % rng.randint(1, 100), "120", "121", "888", "999"])
    return complete("IT", nz_digits(7) + office)


def v_lt():
    if rng.random() < 0.5:
        s = digits(7) + "1"
    else:
        s = digits(10) + "1"
    return s + lt_pvm.calc_check_digit(s)


def v_lv():
    kind = rng.randrange(3)
    if kind == 0:  # legal person
        return complete("LV", rng.choice("456789") + digits(9))
    if kind == 1:  # natural person with birth date
        d = date_digits(1900, 2025)
        century = (d.year - 1800) // 100
        s = f"{d.day:02d}{d.month:02d}{d.year % 100:02d}{century}" + digits(3)
        return s + lv_pvn.calc_check_digit_pers(s)
    s = "32" + digits(8)  # personal code without birth date (2017)
    return s + lv_pvn.calc_check_digit_pers(s)


def v_mt():
    stem = nz_digits(6)
    total = sum(w * int(d) for w, d in zip((3, 4, 6, 7, 8, 9), stem))
    strict = 37 - total % 37
    # Mostly the VIES value; sometimes another value ≡ −Σ (mod 37), which stdnum also accepts
    # (the disputed reading, see the allow-list of the test).
    others = [v for v in range(100) if (total + v) % 37 == 0 and v != strict]
    return stem + "%02d" % (strict if rng.random() < 0.7 else rng.choice(others))


def v_nl():
    for _ in range(20):
        stem = digits(8)
        for c in "0123456789":
            body = stem + c + "B" + "%02d" % rng.randint(1, 99)
            if verdict("NL", "NL" + body)[0]:
                return body
    return None


def v_pt():
    s = rng.choice("123456789") + digits(7)
    return s + pt_nif.calc_check_digit(s)


def v_ro():
    return complete("RO", nz_digits(rng.randint(1, 9)))


def v_se():
    s = digits(9)
    return s + luhn.calc_check_digit(s) + "01"


def v_gb():
    kind = rng.randrange(6)
    if kind == 0:
        return "GD" + "%03d" % rng.randint(0, 499)
    if kind == 1:
        return "HA" + "%03d" % rng.randint(500, 999)
    body = complete("GB", digits(7), width=2)
    if body and kind == 2:
        body += digits(3)
    return body


def v_ch():
    body = None
    for _ in range(20):
        stem = digits(8)
        for c in "0123456789":
            if verdict("CHE", "CHE" + stem + c + "MWST")[0]:
                body = stem + c
                break
        if body:
            break
    if body is None:
        return None
    return body + rng.choice(["MWST", "TVA", "IVA", "TPV", "", ""])


def v_no():
    for _ in range(20):
        stem = rng.choice("89") + digits(7)
        for c in "0123456789":
            if verdict("NO", "NO" + stem + c + "MVA")[0]:
                return stem + c + rng.choice(["MVA", "MVA", ""])
    return None


def simple(prefix, length, nonzero=True):
    def make():
        stem = nz_digits(length - 1) if nonzero else digits(length - 1)
        return complete(prefix, stem)

    return make


VALID = {
    "AT": v_at, "BE": v_be, "BG": v_bg, "CY": v_cy, "CZ": v_cz,
    "DE": simple("DE", 9), "DK": simple("DK", 8),
    "EE": lambda: complete("EE", "10" + digits(6)),
    "EL": v_el, "ES": v_es, "FI": simple("FI", 8, False), "FR": v_fr, "HR": v_hr,
    "HU": simple("HU", 8), "IE": v_ie, "IT": v_it, "LT": v_lt,
    "LU": lambda: complete("LU", nz_digits(6), width=2), "LV": v_lv, "MT": v_mt,
    "NL": v_nl, "PL": simple("PL", 10), "PT": v_pt, "RO": v_ro, "SE": v_se,
    "SI": simple("SI", 8), "SK": lambda: complete("SK", rng.choice("123456789") + digits(1)
                                                  + rng.choice("234789") + digits(6)),
    "XI": v_gb, "GB": v_gb, "CHE": v_ch, "NO": v_no,
}

# Lengths (of the part after the prefix) a national number of that prefix has.
LENGTHS = {
    "AT": [9], "BE": [10], "BG": [9, 10], "CY": [9], "CZ": [8, 9, 10], "DE": [9], "DK": [8],
    "EE": [9], "EL": [9], "ES": [9], "FI": [8], "FR": [11], "HR": [11], "HU": [8],
    "IE": [8, 9], "IT": [11], "LT": [9, 12], "LU": [8], "LV": [11], "MT": [8], "NL": [12],
    "PL": [10], "PT": [9], "RO": [2, 6, 8, 10], "SE": [12], "SI": [8], "SK": [10],
    "XI": [9, 12], "GB": [9, 12], "CHE": [9], "NO": [9],
}


def mutate(body):
    """One digit changed (to another digit) at a random digit position."""
    pos = [i for i, c in enumerate(body) if c.isdigit()]
    if not pos:
        return None
    i = rng.choice(pos)
    d = rng.choice([x for x in "0123456789" if x != body[i]])
    return body[:i] + d + body[i + 1:]


def random_body(prefix, length):
    if prefix == "AT":
        return "U" + digits(length - 1)
    if prefix == "NL" and length == 12:
        return digits(9) + "B" + digits(2)
    if prefix == "CY":
        return digits(length - 1) + rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    return digits(length)


def paste_forms(prefix, body):
    """The ways people paste a number: as tax offices, letterheads and invoices print it."""
    forms = [
        prefix.lower() + body.lower(),
        prefix + " " + body,
        prefix + "\u00a0" + body,
        prefix + ": " + body,
        prefix + "-" + body,
        " " + prefix + " " + " ".join(body[i:i + 3] for i in range(0, len(body), 3)) + " ",
        prefix + " " + ".".join(body[i:i + 3] for i in range(0, len(body), 3)),
    ]
    if prefix == "AT":
        forms.append("ATU " + body[1:])
    if prefix == "BE":
        rest = body[1:]
        dotted = f"{rest[:3]}.{rest[3:6]}.{rest[6:]}"
        forms += [f"BE{body[0]}{dotted}", f"BE ({body[0]}){dotted}", f"BE {body[0]}{dotted}"]
        if body[0] == "0":
            forms.append("BE " + dotted)  # old 9-digit form
    if prefix == "CZ" and len(body) in (9, 10) and not body.startswith("6"):
        forms.append(f"CZ {body[:6]}/{body[6:]}")
    if prefix == "EL" and body.startswith("0"):
        forms.append("EL " + body[1:])  # 8 digits: the leading zero dropped
    if prefix == "DE":
        forms.append(f"DE {body[:3]} {body[3:6]} {body[6:]}")
    if prefix == "FR":
        forms.append(f"FR {body[:2]} {body[2:5]} {body[5:8]} {body[8:]}")
    if prefix == "NL":
        forms.append(f"NL{body[:4]}.{body[4:6]}.{body[6:9]}.{body[9:]}")
    if prefix == "DK":
        forms.append(f"DK {body[:2]} {body[2:4]} {body[4:6]} {body[6:]}")
    if prefix in ("CHE",):
        forms.append(f"CHE-{body[:3]}.{body[3:6]}.{body[6:9]} {body[9:]}".strip())
    if prefix == "NO":
        forms.append(f"NO {body[:3]} {body[3:6]} {body[6:9]} {body[9:]}".strip())
    return forms


def alternative(prefix, text):
    """For CH and NO without their VAT suffix: stdnum's verdict as UID / organisation number
    (`ch.uid`, `no.orgnr`), which the differential test's allow-list compares with."""
    module = {"CHE": ch_uid, "NO": no_orgnr}.get(prefix)
    if module is None:
        return None
    if prefix == "NO":
        text = text.strip()
        text = text[2:] if text[:2].upper() == "NO" else text
    try:
        number = module.validate(text)
    except stdnum.exceptions.ValidationError:
        return None
    return number if prefix == "CHE" else "NO" + number


def emit(out, seen, prefix, text, kind, base=None):
    if text in seen:
        return
    seen.add(text)
    valid, compact = verdict(prefix, text)
    out.append({"input": text, "valid": valid, "compact": compact, "kind": kind, "base": base,
                "alt": None if valid else alternative(prefix, text)})


def main():
    out, seen = [], set()
    for prefix, make in VALID.items():
        valids = []
        tries = 0
        while len(valids) < 14 and tries < 200:
            tries += 1
            body = make()
            if body and body not in valids:
                valids.append(body)
        for body in valids:
            emit(out, seen, prefix, prefix + body, "valid")
            for _ in range(2):
                m = mutate(body)
                if m:
                    emit(out, seen, prefix, prefix + m, "mutation")
        for body in valids[:3]:
            base = verdict(prefix, prefix + body)[1] or alternative(prefix, prefix + body)
            for form in paste_forms(prefix, body):
                emit(out, seen, prefix, form, "paste", base)
        for length in LENGTHS[prefix]:
            for _ in range(6):
                emit(out, seen, prefix, prefix + random_body(prefix, length), "random")
        for length in sorted({min(LENGTHS[prefix]) - 1, max(LENGTHS[prefix]) + 1}):
            for _ in range(2):
                if length > 0:
                    emit(out, seen, prefix, prefix + random_body(prefix, length), "length")
    for line in out:
        print(json.dumps(line, ensure_ascii=False))
    print(f"{len(out)} candidates, python-stdnum {stdnum.__version__}", file=sys.stderr)


def stnr_main():
    """`--stnr`: German Steuernummern against `stdnum.de.stnr`, with and without a state.

    Prints {"input", "region", "valid", "federal"}: `region` is the state's name or null,
    `federal` stdnum's 13-digit form when it can tell it (`to_country_number`).
    """
    from stdnum.de import stnr

    layouts = stnr._number_formats_per_region_raw  # the per-state patterns, digits only
    spaced = {"Bremen", "Hessen", "Schleswig-Holstein"}  # print spaces, the others slashes
    candidates = []
    for region, (regional, federal) in layouts.items():
        for _ in range(12):
            number = "".join(c if c.isdigit() else rng.choice("0123456789") for c in regional)
            # Written as the state prints it (the ELSTER examples: 93815/08152,
            # 133/8150/8159, 22/815/0815/4, 181/815/08155, 013 815 08153, …).
            if region == "Baden-Württemberg":
                shown = number[:5] + "/" + number[5:]
            elif region == "Nordrhein-Westfalen":
                shown = f"{number[:3]}/{number[3:7]}/{number[7:]}"
            elif region == "Rheinland-Pfalz":
                shown = f"{number[:2]}/{number[2:5]}/{number[5:9]}/{number[9:]}"
            else:
                head, sep = len(number) - 8, " " if region in spaced else "/"
                shown = f"{number[:head]}{sep}{number[head:head + 3]}{sep}{number[head + 3:]}"
            candidates += [shown, number, shown.replace("/", " ")]
            candidates.append(stnr.to_country_number(number, region))
            fed = "".join(c if c.isdigit() else rng.choice("0123456789") for c in federal)
            candidates.append(fed)
            candidates.append(mutate(fed[:4]) + fed[4:])  # another state's number, maybe
    for length in (9, 10, 11, 12, 13, 14):
        for _ in range(8):
            candidates.append(digits(length))
    seen = set()
    regions = [None] + sorted(layouts)
    count = 0
    for c in candidates:
        if c in seen:
            continue
        seen.add(c)
        for region in regions:
            valid = stnr.is_valid(c, region)
            federal = None
            if valid:
                compact = stnr.compact(c)
                if len(compact) == 13:
                    federal = compact
                else:
                    try:
                        federal = stnr.to_country_number(c, region)
                    except stdnum.exceptions.ValidationError:
                        federal = None  # several states write it alike
            print(json.dumps({"input": c, "region": region, "valid": valid,
                              "federal": federal}, ensure_ascii=False))
            count += 1
    print(f"{count} Steuernummer checks, python-stdnum {stdnum.__version__}", file=sys.stderr)


if __name__ == "__main__":
    if sys.argv[1:] == ["--stnr"]:
        stnr_main()
    else:
        main()
