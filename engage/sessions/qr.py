"""QR codes as PNG (through pypng) and SVG, from an ASCII URL.

Callers percent-encode the URL first (public_links.public_url does): non-ASCII text
comes back garbled from some scanners.
"""

import io

import qrcode
from qrcode.image.pure import PyPNGImage
from qrcode.image.svg import SvgPathFillImage

# Medium error correction survives a crease or a smudge on a printed poster.
ERROR_CORRECTION = qrcode.constants.ERROR_CORRECT_M


def make(text, image_factory, box_size):
    if not text.isascii():
        raise ValueError("percent-encode the text first")
    code = qrcode.QRCode(error_correction=ERROR_CORRECTION, box_size=box_size, border=4)
    code.add_data(text)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image(image_factory=image_factory).save(buffer)
    return buffer.getvalue()


def png(text, box_size=10):
    return make(text, PyPNGImage, box_size)


def svg(text):
    return make(text, SvgPathFillImage, 10)
