# The company logo: upload errors (domain/logo.rs), the admin form and the portal header.

## domain/logo.rs

logo-not_an_image = is not an image: upload a PNG or JPEG file
logo-unsupported_format = is a { $format } image: upload a PNG or JPEG file
logo-too_large = is too large: at most { $max_kib } KiB
logo-too_many_pixels = has { $width } × { $height } pixels: at most { $max } × { $max }
logo-corrupt = is damaged or incomplete: save it again and upload it once more
logo-unsupported_jpeg = is a kind of JPEG that cannot be printed ({ $kind }): save it as an RGB JPEG or PNG

## admin settings

logo-heading = Logo
logo-intro = Printed in the letterhead of invoices, quotes and statements and shown in the client portal. PNG or JPEG, at most { $max_kib } KiB and { $max } × { $max } pixels.
logo-file = Logo file
logo-upload = Upload logo
logo-remove = Remove logo
logo-none = No logo yet.
logo-current = Current logo ({ $width } × { $height } pixels)
admin-flash-logo_saved = Logo saved.
admin-flash-logo_removed = Logo removed. Documents issued with it keep it.

## api

api-problem-unsupported_image_type = Send the image with Content-Type: image/png or image/jpeg
