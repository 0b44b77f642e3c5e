#!/usr/bin/env bash
# Trains the bundled 64 px colour GAN with the app's own CLI, as a user would train on a folder:
# the app's defaults for the folder (DCGAN width 32, batch 64, DiffAugment, 64 px) on the 322
# emoji faces of npm's emoji-datasource-google (Noto Emoji, Apache-2.0; scripts/datasets/README.md),
# with live FID/KID on the InceptionV3 extractor. Writes assets/models/emoji-faces-gan.{onnx,json}
# and assets/models/emoji-faces-gan.training/.
#
#   bash scripts/default-model/train-default-gan.sh [STEPS]
#
# Training on onnxruntime is deterministic (a stopped-and-resumed run equals an unbroken one), so
# the STEPS recorded in the .training/config.json reproduce the weights.
set -euo pipefail
cd "$(dirname "$0")/../.."
STEPS="${1:-3000}"
WORK="${WORK:-$(mktemp -d)}"

npm run build >/dev/null
npx tsx scripts/datasets/emoji-folder.ts "$WORK/emoji-faces" --subset faces
node bin/latent-studio.cjs train "$WORK/emoji-faces" --family gan --size 64 --runtime ort --seed 7 \
  --steps "$STEPS" --out "$WORK/run" --json \
  --extractor inception --eval-every 250 --eval-samples 500 > "$WORK/train.jsonl"
node bin/latent-studio.cjs export-onnx "$WORK/run/model" --out assets/models/emoji-faces-gan.onnx --overwrite --json
node scripts/default-model/describe-default-model.mjs "$WORK/run/model" \
  emoji-faces-gan "Emoji faces GAN" "DCGAN, colour" \
  "the 322 emoji faces of npm's emoji-datasource-google (Noto Emoji, Apache-2.0)"
