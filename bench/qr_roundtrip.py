"""Generate QR codes for many public links and decode each PNG back with zbarimg.

Prints how many came back exactly and how long generating took.
Run: .venv/bin/python bench/qr_roundtrip.py [count]
"""

import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engage.sessions import qr as qr_codes  # noqa: E402
from engage.sessions.model import new_token  # noqa: E402

BASE = "https://haveyoursay.bcpcouncil.gov.uk/s/"


def main(count):
    urls = [f"{BASE}{new_token()}?via=qr" for _ in range(count)]
    started = time.perf_counter()
    pngs = [qr_codes.png(url) for url in urls]
    png_seconds = time.perf_counter() - started
    started = time.perf_counter()
    svgs = [qr_codes.svg(url) for url in urls]
    svg_seconds = time.perf_counter() - started
    exact = 0
    with tempfile.TemporaryDirectory() as folder:
        for index, (url, png) in enumerate(zip(urls, pngs)):
            path = Path(folder) / f"{index}.png"
            path.write_bytes(png)
            decoded = subprocess.run(["zbarimg", "--raw", "-q", str(path)], capture_output=True, text=True).stdout.strip()
            exact += decoded == url
    print(f"{exact}/{count} PNGs decoded to their exact URL ({len(urls[0])} characters each)")
    print(f"PNG: {png_seconds / count * 1000:.1f} ms each, {sum(map(len, pngs)) // count} bytes; "
          f"SVG: {svg_seconds / count * 1000:.1f} ms each, {sum(map(len, svgs)) // count} bytes")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
