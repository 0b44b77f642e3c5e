#!/usr/bin/python3
"""Writes test/fixtures/messy/: a small, deliberately messy training folder for the dataset scanner.

Run with the system Python that has Pillow:  /usr/bin/python3 scripts/make_messy_folder.py
The output is deterministic (seeded noise, fixed encoder settings) and stays well under 300 KB,
so the files are committed and the tests do not need Python.

Good images (15): several formats, a subfolder two levels deep, an exact copy and a re-encoded
near-copy (the duplicates the scanner must pair), an image with no extension (found by sniffing).
Bad files: each one must be rejected with its own reason. Dotfiles and text files are ignored.
An unreadable file (chmod 000) cannot be stored in git; the test creates it at runtime.
"""
import os
import random
import shutil
import struct
import zlib

from PIL import Image

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures", "messy")


def noise(seed, size, cells=8, mode="RGB"):
    """Blocky random colours: distinct perceptual hashes per seed, and compresses small."""
    rng = random.Random(seed)
    small = Image.new(mode, (cells, cells))
    bands = len(mode)
    small.putdata([tuple(rng.randrange(256) for _ in range(bands)) if bands > 1 else rng.randrange(256)
                   for _ in range(cells * cells)])
    return small.resize(size, Image.NEAREST)


def path(*parts):
    full = os.path.join(OUT, *parts)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    return full


def write_bytes(name, data):
    with open(path(name), "wb") as f:
        f.write(data)


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def good_images():
    noise(1, (64, 48)).save(path("photo-a.png"))
    noise(2, (80, 80)).save(path("photo-b.jpg"), quality=90)
    noise(3, (64, 64)).save(path("photo-c.webp"), quality=90)
    frames = [noise(4, (48, 48)), noise(5, (48, 48))]
    frames[0].save(path("animated.gif"), save_all=True, append_images=frames[1:], duration=100, loop=0)
    # 16-bit grayscale PNG (Pillow writes mode I;16 as bit depth 16).
    deep = noise(6, (40, 40), mode="L").convert("I")
    deep.point(lambda v: v * 257).convert("I;16").save(path("deep-16bit.png"))
    noise(7, (48, 48), mode="L").save(path("gray.png"))
    # RGBA: left half opaque red, right half fully transparent (its colour must not leak through).
    alpha = Image.new("RGBA", (48, 48), (0, 0, 255, 0))
    alpha.paste((255, 0, 0, 255), (0, 0, 24, 48))
    alpha.save(path("alpha.png"))
    # Stored 60 wide x 40 high, top 10 rows red, rest blue, EXIF orientation 6 (rotate 90 degrees
    # clockwise to display): displayed 40 x 60 with the red band on the RIGHT edge.
    rotated = Image.new("RGB", (60, 40), (0, 0, 255))
    rotated.paste((255, 0, 0), (0, 0, 60, 10))
    exif = Image.Exif()
    exif[0x0112] = 6
    rotated.save(path("rotated-exif6.jpg"), quality=95, exif=exif)
    noise(8, (56, 56)).save(path("scan.tiff"))
    # Near-duplicate: photo-a re-encoded as a JPEG (different bytes, same picture).
    Image.open(path("photo-a.png")).save(path("photo-a-reencoded.jpg"), quality=70)
    noise(9, (72, 72)).save(path("sub", "more-1.png"))
    noise(10, (64, 80)).save(path("sub", "more-2.jpg"), quality=90)
    noise(11, (64, 64)).save(path("sub", "deeper", "more-3.webp"), quality=90)
    shutil.copyfile(path("photo-b.jpg"), path("sub", "photo-b-copy.jpg"))
    # A PNG without an extension: only content sniffing finds it.
    noise(12, (32, 32)).save(path("sub", "no-extension"), format="PNG")


def bad_files():
    write_bytes("bad/empty.png", b"")
    with open(path("photo-b.jpg"), "rb") as f:
        jpeg = f.read()
    write_bytes("bad/truncated.jpg", jpeg[: len(jpeg) * 6 // 10])
    write_bytes("bad/not-an-image.png", b"These are notes, not pixels.\n" * 4)
    # A Photoshop header (8BPS, version 1, 3 channels, 32x32, 8 bit, RGB): a real format that the
    # image decoder does not read.
    write_bytes("bad/unsupported.psd", b"8BPS" + struct.pack(">H6xHIIHH", 1, 3, 32, 32, 8, 3) + bytes(64))
    # A tiny but valid PNG whose header claims 60000 x 60000 RGB pixels (3600 Mpx): the scanner
    # must refuse it from the header, before any decoder allocates for it.
    ihdr = struct.pack(">IIBBBBB", 60000, 60000, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    write_bytes("bad/gigapixel-claim.png",
                b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", idat) + png_chunk(b"IEND", b""))
    # BMP is common; libvips (sharp) does not read it, so the engine decodes it (image/bmp.ts).
    noise(13, (16, 16)).save(path("windows.bmp"))


def ignored_files():
    noise(14, (16, 16)).save(path(".hidden.png"))
    write_bytes("notes.txt", b"Not an image and not named like one: the scanner ignores it.\n")
    loop = path("sub", "loop")
    if os.path.lexists(loop):
        os.remove(loop)
    os.symlink("..", loop)


def main():
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    good_images()
    bad_files()
    ignored_files()
    total = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(OUT) for f in fs
                if not os.path.islink(os.path.join(d, f)))
    print(f"wrote {OUT} ({total} bytes)")


if __name__ == "__main__":
    main()
