"""The app's checkpoint and model-folder formats (main/engine/training/checkpoint.ts), read and written.

<run>/checkpoints/step-NNNNNNN/
    nets.json            {"format": "latent-studio-nets", "version": 1, "nets": {prefix: NetSpec}}
    tensors.json/.bin    the whole state, float32 little-endian, names sorted, index {name, shape, offset, length}
    state.json           step, epoch, setup, loaderState, optimizerSteps, runtime
    training-log.json    [{step, epoch, losses, imagesPerSec}]
    metrics.jsonl        the run's detector/FID history up to this step (when the run has one)
    manifest.json        SHA-256 of every file above, written last
Written into checkpoints/.tmp-<step>/ and renamed into place once complete, as the app does, so the
app resumes from them (import-checkpoint, train --resume) and a killed write is never used.
"""
import hashlib
import json
import os
import re
import shutil

import numpy as np

MANIFEST = "manifest.json"
METRICS_FILE = "metrics.jsonl"
REQUIRED = ["nets.json", "tensors.json", "tensors.bin", "state.json"]


def step_dir_name(step):
    return f"step-{step:07d}"


def _json_text(value):
    return json.dumps(value, separators=(",", ":"), allow_nan=False) + "\n"


def _write_file(path, data):
    """Atomic write: temp file in the same folder, fsync, rename."""
    tmp = f"{path}.tmp-{os.getpid()}"
    with open(tmp, "wb") as f:
        f.write(data if isinstance(data, (bytes, bytearray)) else data.encode("utf-8"))
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def _sync_dir(path):
    try:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError:
        pass


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def write_tensors(folder, tensors, base="tensors"):
    """tensors: {name: numpy float32 array (any shape)} -> <base>.json + <base>.bin."""
    index = []
    offset = 0
    parts = []
    for name in sorted(tensors):
        a = np.ascontiguousarray(np.asarray(tensors[name], dtype="<f4"))
        index.append({"name": name, "shape": list(a.shape), "offset": offset, "length": int(a.size)})
        parts.append(a.tobytes())
        offset += a.size * 4
    _write_file(os.path.join(folder, f"{base}.bin"), b"".join(parts))
    _write_file(
        os.path.join(folder, f"{base}.json"),
        _json_text({"dtype": "float32", "byteOrder": "little", "tensors": index}),
    )


def read_tensors(folder, base="tensors"):
    with open(os.path.join(folder, f"{base}.json"), encoding="utf-8") as f:
        meta = json.load(f)
    blob = np.fromfile(os.path.join(folder, f"{base}.bin"), dtype="<f4")
    out = {}
    for e in meta["tensors"]:
        start = e["offset"] // 4
        if start + e["length"] > blob.size:
            raise ValueError(f"{folder}/{base}.bin is too short for {e['name']}.")
        out[e["name"]] = blob[start : start + e["length"]].reshape(e["shape"]).astype(np.float32)
    return out


def verify_folder(folder, required=REQUIRED):
    """The manifest if every listed file matches its hash; else a reason in words."""
    try:
        with open(os.path.join(folder, MANIFEST), encoding="utf-8") as f:
            manifest = json.load(f)
    except (OSError, ValueError):
        return "it has no readable manifest.json (the write did not finish)"
    if manifest.get("format") != "latent-studio-checkpoint" or manifest.get("version") != 1:
        return "its manifest.json is not valid"
    files = manifest.get("files", {})
    for name in required:
        if name not in files:
            return f"its manifest does not list {name}"
    for name, digest in files.items():
        path = os.path.join(folder, name)
        if not os.path.exists(path):
            return f"{name} is missing"
        if sha256_file(path) != digest:
            return f"{name} does not match its checksum"
    return manifest


def _sorted_steps(names):
    return sorted((n for n in names if re.fullmatch(r"step-\d+", n)), key=lambda n: int(n[5:]))


def latest_checkpoint(run_dir, say=print):
    """The newest checkpoint folder of run_dir whose manifest verifies (others are reported)."""
    root = os.path.join(run_dir, "checkpoints")
    if not os.path.isdir(root):
        return None
    for name in reversed(_sorted_steps(os.listdir(root))):
        folder = os.path.join(root, name)
        verdict = verify_folder(folder)
        if isinstance(verdict, str):
            say(f"Skipped checkpoint {folder}: {verdict}.")
            continue
        return folder
    return None


def read_checkpoint(folder):
    with open(os.path.join(folder, "nets.json"), encoding="utf-8") as f:
        nets = json.load(f)["nets"]
    with open(os.path.join(folder, "state.json"), encoding="utf-8") as f:
        snapshot = json.load(f)
    try:
        with open(os.path.join(folder, "training-log.json"), encoding="utf-8") as f:
            snapshot["log"] = json.load(f)
    except (OSError, ValueError):
        snapshot["log"] = []
    return {"dir": folder, "nets": nets, "snapshot": snapshot, "state": read_tensors(folder)}


def metrics_lines(run_dir, step):
    """The run's metrics.jsonl entries up to `step` (detector history the app recorded)."""
    path = os.path.join(run_dir, METRICS_FILE)
    if not os.path.exists(path):
        return None
    keep = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            try:
                if json.loads(line).get("step", 0) <= step:
                    keep.append(line + "\n")
            except ValueError:
                continue
    return "".join(keep)


def _manifest(folder, step):
    files = {}
    for name in sorted(os.listdir(folder)):
        if name == MANIFEST or name.startswith("."):
            continue
        files[name] = sha256_file(os.path.join(folder, name))
    return {"format": "latent-studio-checkpoint", "version": 1, "step": step, "files": files}


def _contents(folder, nets, tensors, snapshot):
    _write_file(
        os.path.join(folder, "nets.json"),
        _json_text({"format": "latent-studio-nets", "version": 1, "nets": nets}),
    )
    write_tensors(folder, tensors)
    rest = {k: v for k, v in snapshot.items() if k != "log"}
    _write_file(os.path.join(folder, "state.json"), _json_text(rest))
    _write_file(os.path.join(folder, "training-log.json"), _json_text(snapshot["log"]))


def _replace(tmp, final, aside):
    shutil.rmtree(aside, ignore_errors=True)
    if os.path.exists(final):
        os.replace(final, aside)
    os.replace(tmp, final)
    shutil.rmtree(aside, ignore_errors=True)


def write_checkpoint(run_dir, nets, tensors, snapshot, keep):
    root = os.path.join(run_dir, "checkpoints")
    os.makedirs(root, exist_ok=True)
    for name in os.listdir(root):
        if name.startswith(".tmp-") or name.startswith(".old-"):
            shutil.rmtree(os.path.join(root, name), ignore_errors=True)
    step = snapshot["step"]
    tmp = os.path.join(root, f".tmp-{step}")
    os.makedirs(tmp)
    _contents(tmp, nets, tensors, snapshot)
    metrics = metrics_lines(run_dir, step)
    if metrics is not None:
        _write_file(os.path.join(tmp, METRICS_FILE), metrics)
    _write_file(os.path.join(tmp, MANIFEST), _json_text(_manifest(tmp, step)))
    _sync_dir(tmp)
    final = os.path.join(root, step_dir_name(step))
    _replace(tmp, final, os.path.join(root, f".old-{step}"))
    _sync_dir(root)
    steps = _sorted_steps(os.listdir(root))
    for old in steps[: max(0, len(steps) - keep)]:
        shutil.rmtree(os.path.join(root, old), ignore_errors=True)
    return final


def write_model_folder(run_dir, nets, tensors, snapshot, runtime):
    """<run>/model/: what makes images (+ a VAE's encoder), config.json, the record, manifest."""
    tmp = os.path.join(run_dir, ".model.tmp")
    final = os.path.join(run_dir, "model")
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    _write_file(
        os.path.join(tmp, "nets.json"),
        _json_text({"format": "latent-studio-nets", "version": 1, "nets": nets}),
    )
    write_tensors(tmp, tensors)
    config = dict(snapshot["setup"], steps=snapshot["step"], epoch=snapshot["epoch"], backend=runtime)
    _write_file(os.path.join(tmp, "config.json"), _json_text(config))
    _write_file(os.path.join(tmp, "training-log.json"), _json_text(snapshot["log"]))
    metrics = metrics_lines(run_dir, snapshot["step"])
    if metrics is not None:
        _write_file(os.path.join(tmp, METRICS_FILE), metrics)
    _write_file(os.path.join(tmp, MANIFEST), _json_text(_manifest(tmp, snapshot["step"])))
    _sync_dir(tmp)
    _replace(tmp, final, os.path.join(run_dir, ".model.old"))
    _sync_dir(run_dir)
    return final
