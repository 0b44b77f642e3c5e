"""BMP fixtures for main/engine/image/bmp.ts: one small picture in the BMP variants Windows and
Pillow write, each with a PNG of how Pillow decodes it (the reference the test compares with).

Run with Debian's python3-pil: /usr/bin/python3 scripts/make_bmp_fixtures.py
Pillow writes 1-bit, 8-bit palette and 24-bit files itself; the others (4-bit palette, 16-bit
5-6-5 bit fields, 32-bit V5 with alpha, top-down 24-bit) are written here by hand and checked by
reading them back with Pillow.
"""
import os
import random
import struct

from PIL import Image

OUT = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "bmp")
W, H = 7, 5  # an odd width, so every row needs padding


def pixels(seed):
    rng = random.Random(seed)
    return [(rng.randrange(256), rng.randrange(256), rng.randrange(256)) for _ in range(W * H)]


def file_header(size, offset):
    return b"BM" + struct.pack("<IHHI", size, 0, 0, offset)


def info_header(width, height, bits, compression, image_size, colours=0, size=40):
    return struct.pack("<IiiHHIIiiII", size, width, height, 1, bits, compression, image_size,
                       2835, 2835, colours, 0)


def rows(data, stride, top_down=False):
    order = range(H) if top_down else range(H - 1, -1, -1)
    return b"".join(data[y].ljust(stride, b"\0") for y in order)


def write(name, header, body):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(header + body)


def four_bit():
    palette = [(i * 17, 255 - i * 17, (i * 53) % 256) for i in range(16)]
    rng = random.Random(4)
    idx = [[rng.randrange(16) for _ in range(W)] for _ in range(H)]
    stride = ((W * 4 + 31) // 32) * 4
    data = []
    for y in range(H):
        row = idx[y] + [0]
        data.append(bytes((row[x] << 4) | row[x + 1] for x in range(0, W, 2)))
    pal = b"".join(bytes((b, g, r, 0)) for r, g, b in palette)
    body = rows(data, stride)
    offset = 14 + 40 + len(pal)
    write("p4.bmp", file_header(offset + len(body), offset) + info_header(W, H, 4, 0, len(body), 16) + pal, body)


def sixteen_bit_565():
    px = pixels(16)
    stride = ((W * 16 + 31) // 32) * 4
    data = []
    for y in range(H):
        row = b""
        for r, g, b in px[y * W:(y + 1) * W]:
            row += struct.pack("<H", ((r >> 3) << 11) | ((g >> 2) << 5) | (b >> 3))
        data.append(row)
    masks = struct.pack("<III", 0xF800, 0x07E0, 0x001F)
    body = rows(data, stride)
    offset = 14 + 40 + 12
    write("rgb565.bmp", file_header(offset + len(body), offset) + info_header(W, H, 16, 3, len(body)) + masks, body)


def thirty_two_bit_v5_alpha():
    px = pixels(32)
    alphas = [0, 64, 128, 255] * (W * H)
    data = []
    for y in range(H):
        data.append(b"".join(bytes((b, g, r, alphas[y * W + x])) for x, (r, g, b) in enumerate(px[y * W:(y + 1) * W])))
    body = rows(data, W * 4)
    v5 = info_header(W, H, 32, 3, len(body), 0, 124)
    v5 += struct.pack("<IIII", 0x00FF0000, 0x0000FF00, 0x000000FF, 0xFF000000)
    v5 += b"sRGB" + bytes(36) + struct.pack("<III", 0, 0, 0) + struct.pack("<IIII", 4, 0, 0, 0)
    assert len(v5) == 124
    offset = 14 + 124
    write("rgba32-v5.bmp", file_header(offset + len(body), offset) + v5, body)


def top_down_24():
    px = pixels(24)
    stride = ((W * 24 + 31) // 32) * 4
    data = [b"".join(bytes((b, g, r)) for r, g, b in px[y * W:(y + 1) * W]) for y in range(H)]
    body = rows(data, stride, top_down=True)
    offset = 14 + 40
    write("top-down24.bmp", file_header(offset + len(body), offset) + info_header(W, -H, 24, 0, len(body)), body)


def main():
    os.makedirs(OUT, exist_ok=True)
    rgb = Image.new("RGB", (W, H))
    rgb.putdata(pixels(1))
    rgb.save(os.path.join(OUT, "rgb24.bmp"))
    rgb.quantize(colors=200).save(os.path.join(OUT, "p8.bmp"))
    rgb.convert("1").save(os.path.join(OUT, "mono1.bmp"))
    four_bit()
    sixteen_bit_565()
    thirty_two_bit_v5_alpha()
    top_down_24()
    # RLE8 is refused in words: Pillow writes none, so a minimal one by hand (one run, end).
    rle = bytes((W, 1, 0, 0)) * H + bytes((0, 1))
    pal = bytes(4 * 2)
    offset = 14 + 40 + len(pal)
    write("rle8.bmp", file_header(offset + len(rle), offset) + info_header(W, H, 8, 1, len(rle), 2) + pal, rle)
    for name in sorted(os.listdir(OUT)):
        if not name.endswith(".bmp") or name == "rle8.bmp":
            continue
        with Image.open(os.path.join(OUT, name)) as im:
            ref = im.convert("RGBA")
            ref.save(os.path.join(OUT, name[:-4] + ".png"))
            print(name, im.mode, im.size)


if __name__ == "__main__":
    main()
