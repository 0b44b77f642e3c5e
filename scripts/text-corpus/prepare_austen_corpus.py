#!/usr/bin/env python3
"""Prepares the text corpus of the default text model: Jane Austen's novels from Debian.

Source: Debian package `r-cran-janeaustenr` (the CRAN package janeaustenr by Julia Silge, MIT
licence; the novels themselves are in the public domain — Austen died in 1817 — and the texts
are those of Project Gutenberg). The package is fetched with `apt-get download` and unpacked with
`dpkg-deb -x` (R itself is not needed): its R lazy-load database (data/Rdata.rdb/.rdx, xz-compressed
R serialisations) is read by the small reader below, and each novel is written as one UTF-8
file per chapter, so the held-out split of the trainer (5 % of 1,024-character passages) draws
from the whole book.

    /usr/bin/python3 scripts/text-corpus/prepare_austen_corpus.py OUT_DIR [novel ...]
Novels: emma mansfieldpark northangerabbey persuasion prideprejudice sensesensibility
(default: northangerabbey). Writes OUT_DIR/<novel>/chapter-NN.txt and OUT_DIR/LICENSE (no extension: not training text).
"""
import gzip
import lzma
import os
import re
import struct
import subprocess
import sys
import tempfile
import zlib

PACKAGE = "r-cran-janeaustenr"
DATA = "usr/lib/R/site-library/janeaustenr/data/Rdata"


class RReader:
    """The subset of R's XDR serialisation (format 2/3) these data files use."""

    def __init__(self, data):
        assert data[:2] == b"X\n", "not an XDR R serialisation"
        self.b, self.i, self.refs = data, 2, []
        version = self.int()
        self.int(), self.int()
        if version == 3:
            n = self.int()  # length of the native encoding name, then the name
            self.i += n

    def int(self):
        v = struct.unpack(">i", self.b[self.i:self.i + 4])[0]
        self.i += 4
        return v

    def item(self):
        flags = self.int()
        kind, has_attr, has_tag = flags & 0xFF, flags & (1 << 9), flags & (1 << 10)
        if kind in (254, 242, 253, 251, 252):  # NULL, empty/global env, missing arg, base env
            return None
        if kind == 255:  # reference
            return self.refs[(flags >> 8 or self.int()) - 1]
        if kind == 1:  # symbol
            s = self.item()
            self.refs.append(s)
            return s
        if kind == 9:  # CHARSXP
            n = self.int()
            if n == -1:
                return None
            s = self.b[self.i:self.i + n].decode("utf-8", "replace")
            self.i += n
            return s
        if kind == 2:  # pairlist: (tag, value) pairs
            if has_attr:
                self.item()
            tag = self.item() if has_tag else None
            car, cdr = self.item(), self.item()
            return [(tag, car)] + (cdr if isinstance(cdr, list) else [])
        if kind in (16, 19):  # character vector, list
            value = [self.item() for _ in range(self.int())]
        elif kind in (10, 13):  # logical, integer
            value = [self.int() for _ in range(self.int())]
        else:
            raise ValueError(f"unsupported R type {kind}")
        attrs = self.item() if has_attr else None
        return {"value": value, "attrs": dict(attrs) if attrs else {}}


def unpack_package(work):
    subprocess.run(["apt-get", "download", PACKAGE], cwd=work, check=True)
    deb = next(f for f in os.listdir(work) if f.startswith(PACKAGE) and f.endswith(".deb"))
    subprocess.run(["dpkg-deb", "-x", deb, "root"], cwd=work, check=True)
    return os.path.join(work, "root")


def novels(root):
    index = RReader(gzip.decompress(open(os.path.join(root, DATA + ".rdx"), "rb").read())).item()
    variables = index["value"][0]
    names = variables["attrs"]["names"]["value"]
    rdb = open(os.path.join(root, DATA + ".rdb"), "rb").read()
    out = {}
    for name, where in zip(names, variables["value"]):
        offset, length = where["value"]
        chunk = rdb[offset:offset + length]
        kind = chunk[4:5]
        body = lzma.decompress(chunk[5:]) if kind == b"Z" else zlib.decompress(chunk[4:])
        out[name] = RReader(body).item()["value"]
    return out


def chapters(lines):
    """Splits a novel's lines at its CHAPTER headings (the front matter joins chapter 1)."""
    parts, current = [], []
    for line in lines:
        if re.match(r"^\s*CHAPTER\s+[0-9IVXLC]+", line or "", re.I) and any(l.strip() for l in current if l):
            if parts or any(re.match(r"^\s*CHAPTER", l or "", re.I) for l in current):
                parts.append(current)
                current = []
        current.append(line or "")
    parts.append(current)
    return ["\n".join(p).strip() + "\n" for p in parts if any(l.strip() for l in p)]


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out_dir = sys.argv[1]
    wanted = sys.argv[2:] or ["northangerabbey"]
    with tempfile.TemporaryDirectory() as work:
        root = unpack_package(work)
        books = novels(root)
        licence = open(os.path.join(root, "usr/share/doc", PACKAGE, "copyright")).read()
    for name in wanted:
        if name not in books:
            sys.exit(f"no novel {name!r}; the package has {', '.join(sorted(books))}")
        folder = os.path.join(out_dir, name)
        os.makedirs(folder, exist_ok=True)
        parts = chapters(books[name])
        for i, text in enumerate(parts, 1):
            with open(os.path.join(folder, f"chapter-{i:02d}.txt"), "w", encoding="utf-8") as f:
                f.write(text)
        print(f"{name}: {len(parts)} chapters, {sum(len(p) for p in parts)} characters -> {folder}")
    with open(os.path.join(out_dir, "LICENSE"), "w", encoding="utf-8") as f:
        f.write(
            "Jane Austen's novels (public domain; Project Gutenberg texts) as packaged by the CRAN\n"
            "package janeaustenr (Julia Silge, MIT licence), from Debian's r-cran-janeaustenr.\n\n"
            "Debian copyright file of the package:\n\n" + licence
        )


if __name__ == "__main__":
    main()
