# Das Firmenlogo: Fehler beim Hochladen (domain/logo.rs), das Formular der Verwaltung und der Kopf des Portals.

## domain/logo.rs

logo-not_an_image = ist kein Bild: bitte eine PNG- oder JPEG-Datei hochladen
logo-unsupported_format = ist ein { $format }-Bild: bitte eine PNG- oder JPEG-Datei hochladen
logo-too_large = ist zu groß: höchstens { $max_kib } KiB
logo-too_many_pixels = hat { $width } × { $height } Pixel: höchstens { $max } × { $max }
logo-corrupt = ist beschädigt oder unvollständig: bitte neu speichern und noch einmal hochladen
logo-unsupported_jpeg = ist eine JPEG-Art, die sich nicht drucken lässt ({ $kind }): bitte als RGB-JPEG oder PNG speichern

## admin settings

logo-heading = Logo
logo-intro = Erscheint im Briefkopf von Rechnungen, Angeboten und Kontoauszügen und im Kundenportal. PNG oder JPEG, höchstens { $max_kib } KiB und { $max } × { $max } Pixel.
logo-file = Logodatei
logo-upload = Logo hochladen
logo-remove = Logo entfernen
logo-none = Noch kein Logo.
logo-current = Aktuelles Logo ({ $width } × { $height } Pixel)
admin-flash-logo_saved = Logo gespeichert.
admin-flash-logo_removed = Logo entfernt. Bereits ausgestellte Dokumente behalten es.

## api

api-problem-unsupported_image_type = Das Bild bitte mit Content-Type: image/png oder image/jpeg senden
