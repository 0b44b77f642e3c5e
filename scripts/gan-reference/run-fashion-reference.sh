#!/usr/bin/env bash
# The issue-9 reference: the plain PyTorch DCGAN on the first 10,000 Fashion-MNIST training images
# (Debian's dataset-fashion-mnist, MIT/Expat, Zalando SE), 32 px, batch 64, samples at 600 and 3,000
# steps, each judged by the app's own `eval` with the bundled Fashion-MNIST extractor.
#
#   bash scripts/gan-reference/run-fashion-reference.sh [all|train|eval]
#
# WORK (default /tmp/gan-ref) holds the folder, the run and the evaluation data dir; the figures
# go to scripts/gan-reference/results/fashion-mnist-32/ (JSON per step and real-set size, the two
# 8×8 grids, the training log).
set -euo pipefail
cd "$(dirname "$0")/../.."
STAGE="${1:-all}"
WORK="${WORK:-/tmp/gan-ref}"
FOLDER="$WORK/fashion-mnist-10k"
RUN="$WORK/fm32"
RESULTS=scripts/gan-reference/results/fashion-mnist-32

if [ ! -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dataset-fashion-mnist
fi
if [ ! -d "$FOLDER" ]; then
  npx tsx scripts/default-model/fashion-mnist-to-folder.ts "$FOLDER" 10000
fi

if [ "$STAGE" = all ] || [ "$STAGE" = train ]; then
  nice -n 10 /usr/bin/python3 scripts/gan-reference/dcgan_reference.py --folder "$FOLDER" --size 32 \
    --steps 3000 --batch 64 --seed 1 --out "$RUN" --samples 1000 --save-at 600,3000
fi

if [ "$STAGE" = all ] || [ "$STAGE" = eval ]; then
  npm run build >/dev/null
  export LATENT_STUDIO_DATA_DIR="$WORK/eval-data"
  mkdir -p "$RESULTS"
  for STEP in 600 3000; do
    SAMPLES="$RUN/step-$(printf %06d "$STEP")"
    # All 10,000 real images, and (as issue 9's table) --count 1000: 1,000 evenly spaced real images.
    for COUNT in all 1000; do
      OUT="$RESULTS/step-$STEP$([ "$COUNT" = all ] || echo "-count$COUNT").json"
      CAP=()
      [ "$COUNT" = all ] || CAP=(--count "$COUNT")
      echo "{\"step\": $STEP, \"real\": \"$FOLDER\", \"fake\": \"$SAMPLES\", \"count\": \"$COUNT\"," > "$OUT"
      for METRIC in fid kid pr; do
        printf '"%s": ' "$METRIC" >> "$OUT"
        nice -n 10 node bin/latent-studio.cjs eval "$METRIC" --real "$FOLDER" --fake "$SAMPLES" \
          --extractor fashion-mnist "${CAP[@]}" --json 2>/dev/null | tr -d '\n' >> "$OUT"
        [ "$METRIC" = pr ] && echo "}" >> "$OUT" || echo "," >> "$OUT"
      done
    done
    cp "$RUN/grid-$(printf %06d "$STEP").png" "$RESULTS/grid-step-$STEP.png"
  done
  cp "$RUN/log.jsonl" "$RESULTS/training-log.jsonl"
fi
