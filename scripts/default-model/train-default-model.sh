#!/usr/bin/env bash
# Trains the bundled default model with the app's own CLI, exactly as a user would train on a folder:
# a convolutional VAE on Fashion-MNIST (Debian package dataset-fashion-mnist, MIT licence, Zalando SE).
# Writes assets/models/fashion-mnist-vae.{onnx,json} and assets/models/fashion-mnist-vae.training/.
#
#   bash scripts/default-model/train-default-model.sh [STEPS]
#
# Training is deterministic on a backend (a stopped-and-resumed run equals an unbroken one), so
# running this with the STEPS recorded in assets/models/fashion-mnist-vae.training/config.json
# reproduces the bundled weights on the same tfjs backend (wasm here).
set -euo pipefail
cd "$(dirname "$0")/../.."
STEPS="${1:-1500}"
WORK="${WORK:-$(mktemp -d)}"

if [ ! -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dataset-fashion-mnist
fi
npm run build >/dev/null
npx tsx scripts/default-model/fashion-mnist-to-folder.ts "$WORK/fashion-mnist" 20000
node bin/latent-studio.cjs train "$WORK/fashion-mnist" --family vae --size 32 --batch 32 --width 48 \
  --seed 7 --steps "$STEPS" --out "$WORK/run" --json \
  --extractor fashion-mnist --eval-every 100 --eval-samples 500 > "$WORK/train.jsonl"
node bin/latent-studio.cjs export-onnx "$WORK/run/model" --out assets/models/fashion-mnist-vae.onnx --overwrite --json
node scripts/default-model/describe-default-model.mjs "$WORK/run/model"
