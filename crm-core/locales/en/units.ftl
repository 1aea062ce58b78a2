# Units of measure of line items (UN/ECE Rec. 20 codes, domain/unit.rs): the name offered in
# the editor (unit-name-*) and the abbreviation printed after a quantity (unit-short-*; those
# with $count choose singular or plural: "1 day", "3 days").

unit-name-C62 = Count without unit
unit-name-H87 = Piece
unit-name-HUR = Hour
unit-name-MIN = Minute
unit-name-DAY = Day
unit-name-WEE = Week
unit-name-MON = Month
unit-name-ANN = Year
unit-name-KGM = Kilogram
unit-name-GRM = Gram
unit-name-TNE = Tonne
unit-name-MTR = Metre
unit-name-KMT = Kilometre
unit-name-MTK = Square metre
unit-name-MTQ = Cubic metre
unit-name-LTR = Litre
unit-name-KWH = Kilowatt hour
unit-name-SET = Set
unit-name-LS = Lump sum
unit-name-PR = Pair

unit-short-C62 = unit
unit-short-H87 = { $count ->
    [one] pc.
   *[other] pcs
}
unit-short-HUR = h
unit-short-MIN = min
unit-short-DAY = { $count ->
    [one] day
   *[other] days
}
unit-short-WEE = { $count ->
    [one] week
   *[other] weeks
}
unit-short-MON = { $count ->
    [one] month
   *[other] months
}
unit-short-ANN = { $count ->
    [one] year
   *[other] years
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
    [one] set
   *[other] sets
}
unit-short-LS = lump sum
unit-short-PR = { $count ->
    [one] pair
   *[other] pairs
}

# The column of the editor and the page tables.
col-unit = Unit

unit-unknown = unknown unit of measure '{ $shown }': expected a code of the list such as HUR (hour), DAY (day) or C62 (no unit)
