# Units of measure of line items (UN/ECE Rec. 20 codes, domain/unit.rs): the name offered in
# the editor (unit-name-*) and the abbreviation printed after a quantity (unit-short-*; those
# with $count choose singular or plural: "1 Tag", "3 Tage").

unit-name-C62 = Anzahl ohne Einheit
unit-name-H87 = Stück
unit-name-HUR = Stunde
unit-name-MIN = Minute
unit-name-DAY = Tag
unit-name-WEE = Woche
unit-name-MON = Monat
unit-name-ANN = Jahr
unit-name-KGM = Kilogramm
unit-name-GRM = Gramm
unit-name-TNE = Tonne
unit-name-MTR = Meter
unit-name-KMT = Kilometer
unit-name-MTK = Quadratmeter
unit-name-MTQ = Kubikmeter
unit-name-LTR = Liter
unit-name-KWH = Kilowattstunde
unit-name-SET = Satz
unit-name-LS = Pauschale
unit-name-PR = Paar

unit-short-C62 = Einh.
unit-short-H87 = { $count ->
   *[other] Stk.
}
unit-short-HUR = Std.
unit-short-MIN = Min.
unit-short-DAY = { $count ->
    [one] Tag
   *[other] Tage
}
unit-short-WEE = { $count ->
    [one] Woche
   *[other] Wochen
}
unit-short-MON = { $count ->
    [one] Monat
   *[other] Monate
}
unit-short-ANN = { $count ->
    [one] Jahr
   *[other] Jahre
}
unit-short-KGM = kg
unit-short-GRM = g
unit-short-TNE = t
unit-short-MTR = m
unit-short-KMT = km
unit-short-MTK = m²
unit-short-MTQ = m³
unit-short-LTR = l
unit-short-KWH = kWh
unit-short-SET = { $count ->
    [one] Satz
   *[other] Sätze
}
unit-short-LS = pauschal
unit-short-PR = { $count ->
   *[other] Paar
}

# The column of the editor and the page tables.
col-unit = Einheit

unit-unknown = unbekannte Mengeneinheit '{ $shown }': erwartet einen Code der Liste wie HUR (Stunde), DAY (Tag) oder C62 (ohne Einheit)
