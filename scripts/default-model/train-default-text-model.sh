#!/usr/bin/env bash
# Trains the bundled default text model with the app's own CLI, as a user would train on a folder:
# a small character transformer on two of Jane Austen's novels (Northanger Abbey, Persuasion;
# public domain) from Debian's r-cran-janeaustenr (MIT), prepared by
# scripts/text-corpus/prepare_austen_corpus.py. Writes assets/text-models/austen-char.{onnx,json}
# and assets/text-models/austen-char.training/ (config, losses, held-out bits/char, BLEU).
#
#   bash scripts/default-model/train-default-text-model.sh [STEPS]
#
# Deterministic on onnxruntime: the same STEPS reproduce the bundled weights on this machine type.
set -euo pipefail
cd "$(dirname "$0")/../.."
STEPS="${1:-1500}"
WORK="${WORK:-$(mktemp -d)}"
CLI="${CLI:-node bin/latent-studio.cjs}"
[ -n "${SKIP_BUILD:-}" ] || npm run build >/dev/null

/usr/bin/python3 scripts/text-corpus/prepare_austen_corpus.py "$WORK/austen" northangerabbey persuasion
nice -n 10 $CLI train "$WORK/austen" --family text --width 96 --layers 3 --heads 3 --context 96 \
  --batch 32 --seed 11 --steps "$STEPS" --out "$WORK/run" --json > "$WORK/train.jsonl"
mkdir -p assets/text-models
$CLI export-onnx "$WORK/run/model" --out assets/text-models/austen-char.onnx --json
nice -n 10 $CLI eval nll "$WORK/run/heldout" --model assets/text-models/austen-char.onnx --json > "$WORK/nll.json"
nice -n 10 $CLI eval bleu --model assets/text-models/austen-char.onnx --heldout "$WORK/run/heldout" \
  --prompt-tokens 64 --json > "$WORK/bleu.json"
REC=assets/text-models/austen-char.training
mkdir -p "$REC"
cp "$WORK/run/model/config.json" "$WORK/run/model/training-log.json" "$WORK/run/model/metrics.jsonl" "$REC/"
cp "$WORK/nll.json" "$WORK/bleu.json" "$WORK/austen/LICENSE" "$REC/"
echo "record in $REC; work in $WORK"
