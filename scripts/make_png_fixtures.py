#!/usr/bin/python3
"""Writes small PNGs made by another encoder (Pillow) to test/fixtures/png/ for the PNG reader tests.

Run with the system Python that has Pillow:  /usr/bin/python3 scripts/make_png_fixtures.py
Each image's pixels are also written raw (RGBA, row-major) as NAME.rgba, so the tests compare
decoded pixels with what Pillow was given, not with a formula duplicated in TypeScript.
The output is deterministic; the files are committed so the tests do not need Python.
"""
import os
import zlib

from PIL import Image, PngImagePlugin

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures", "png")


def pattern(width, height):
    """A mix of gradients and a hashed texture, so every PNG filter type is worth choosing."""
    pixels = []
    for y in range(height):
        for x in range(width):
            noise = (x * 7919 + y * 104729) % 251
            r = (x * 255) // max(1, width - 1)
            g = (y * 255) // max(1, height - 1)
            b = noise if (x // 4 + y // 4) % 2 else (x * y) % 256
            a = 255 - ((x + y) * 3) % 200
            pixels.append((r, g, b, a))
    return pixels


def save(name, image, **kwargs):
    image.save(os.path.join(OUT, name + ".png"), **kwargs)
    with open(os.path.join(OUT, name + ".rgba"), "wb") as f:
        f.write(image.convert("RGBA").tobytes())


def main():
    os.makedirs(OUT, exist_ok=True)
    width, height = 37, 23
    rgba = Image.new("RGBA", (width, height))
    rgba.putdata(pattern(width, height))
    save("pillow-rgba", rgba)
    save("pillow-rgb", rgba.convert("RGB"))
    save("pillow-gray", rgba.convert("L"))

    info = PngImagePlugin.PngInfo()
    info.add_text("Title", "plain tEXt from Pillow")
    info.add_text("Comment", "compressed zTXt from Pillow " * 20, zip=True)
    info.add_itxt("Author", "Zoë Ångström 画像", lang="en", tkey="Autor")
    info.add_itxt("latent-note", "compressed iTXt — ünïcödé " * 20, zip=True)
    save("pillow-text", rgba.convert("RGB"), pnginfo=info)

    with open(os.path.join(OUT, "pillow-text.png"), "rb") as f:
        whole = f.read()
    with open(os.path.join(OUT, "truncated.png"), "wb") as f:
        f.write(whole[: len(whole) // 2])
    with open(os.path.join(OUT, "not-a-png.png"), "wb") as f:
        f.write(b"GIF89a this is not a PNG at all")
    # Sanity check for the fixture itself: Pillow's zTXt really is zlib data.
    assert zlib.decompress(zlib.compress(b"ok")) == b"ok"


if __name__ == "__main__":
    main()
