# A partial French catalogue: proves that a third language is a file, and that every key it
# lacks falls back to English.

nav-invoices = Factures
statement-overdue_invoices =
    { $count ->
        [one] { $count } facture en retard
       *[other] { $count } factures en retard
    }
