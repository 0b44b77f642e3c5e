"""The app's training batches (main/engine/dataset/dataset-loader.ts) from its preprocessed cache.

The shard holds sample i at bytes [i*S, (i+1)*S), S = size*size*channels, HWC uint8, decoded once
by the app (sharp: EXIF rotation, alpha on the background colour, centre crop, lanczos3 to
reduce, bilinear to enlarge). Epoch e visits the trained indices in epoch_order(count, seed, e);
a batch may run across an epoch boundary; the loader state {seed, epoch, position} continues a
run exactly. Pixels become x / 127.5 - 1 (float32), NCHW.

data.mode "folder": the job decodes the original files itself with Pillow (same steps, but
Pillow's resampling and greyscale conversion differ from sharp's by a few levels), once, into
data/decoded.shard, in the order of the app's index.
"""
import os

import numpy as np

from .prng import epoch_order


class ShardLoader:
    def __init__(self, shard_path, count, size, channels, train_indices, state):
        self.size = size
        self.channels = channels
        self.sample_bytes = size * size * channels
        expected = count * self.sample_bytes
        actual = os.path.getsize(shard_path)
        if actual != expected:
            raise ValueError(
                f"{shard_path} holds {actual} bytes, not the {expected} of {count} images of "
                f"{size}x{size}x{channels}: it is not the shard this job was exported with."
            )
        self.shard = np.memmap(shard_path, dtype=np.uint8, mode="r", shape=(count, self.sample_bytes))
        self.indices = np.asarray(train_indices, dtype=np.int64)
        if self.indices.size == 0:
            raise ValueError("No images are left to train on.")
        self.state = {"seed": int(state["seed"]), "epoch": int(state["epoch"]), "position": int(state["position"])}
        if self.state["position"] > self.count:
            raise ValueError(f"Loader state {state} does not fit a dataset of {self.count} images.")
        self._orders = {}

    @property
    def count(self):
        return int(self.indices.size)

    def epoch_fraction(self):
        return self.state["epoch"] + self.state["position"] / self.count

    def _order(self, epoch):
        order = self._orders.get(epoch)
        if order is None:
            order = epoch_order(self.count, self.state["seed"], epoch)
            self._orders = {e: o for e, o in self._orders.items() if e >= epoch - 1}
            self._orders[epoch] = order
        return order

    def next_indices(self, batch):
        """Shard indices of the next batch of the app's stream (the whole batch, every rank)."""
        picks = []
        for _ in range(batch):
            if self.state["position"] >= self.count:
                self.state["epoch"] += 1
                self.state["position"] = 0
            order = self._order(self.state["epoch"])
            picks.append(int(self.indices[order[self.state["position"]]]))
            self.state["position"] += 1
        return picks

    def read(self, shard_indices):
        """float32 NCHW in [-1, 1] of the given samples, in order."""
        raw = np.stack([np.asarray(self.shard[i]) for i in shard_indices])
        x = (raw.astype(np.float64) / 127.5 - 1).astype(np.float32)
        n = len(shard_indices)
        return x.reshape(n, self.size, self.size, self.channels).transpose(0, 3, 1, 2).copy()


def decode_folder(folder, files, size, channels, background, out_path, say=print):
    """Decodes the original images with Pillow into a shard in the given order (data.mode "folder")."""
    from PIL import Image, ImageOps

    tmp = out_path + ".tmp"
    fill = (255, 255, 255) if background == "white" else (0, 0, 0)
    with open(tmp, "wb") as out:
        for k, rel in enumerate(files):
            path = os.path.join(folder, rel)
            try:
                with Image.open(path) as im:
                    im.seek(0)
                    im = ImageOps.exif_transpose(im)
                    rgba = im.convert("RGBA")
                    flat = Image.new("RGB", rgba.size, fill)
                    flat.paste(rgba, mask=rgba.getchannel("A"))
                    w, h = flat.size
                    side = min(w, h)
                    left, top = (w - side) // 2, (h - side) // 2
                    # As the app: reduce with Lanczos, enlarge bilinearly (no ringing).
                    kernel = Image.LANCZOS if side >= size else Image.BILINEAR
                    sq = flat.crop((left, top, left + side, top + side)).resize((size, size), kernel)
                    if channels == 1:
                        sq = sq.convert("L")
                    data = np.asarray(sq, dtype=np.uint8).reshape(size, size, channels)
            except Exception as err:  # a file the app could read but this Pillow cannot
                raise ValueError(f"{path} cannot be decoded for training: {err}") from err
            out.write(data.tobytes())
            if (k + 1) % 1000 == 0:
                say(f"decoded {k + 1}/{len(files)} images")
    os.replace(tmp, out_path)
    return out_path
