#!/usr/bin/env bash
# Trains a bundled default diffusion model with the app's own CLI, as a user would train on a folder:
# a U-Net denoiser on the same Fashion-MNIST folder as the default VAE (Debian package
# dataset-fashion-mnist, MIT licence, Zalando SE), with live FID/KID on the same extractor and
# sample counts as the VAE's record, so the two are comparable. Writes
# assets/models/fashion-mnist-diffusion.{onnx,json} and assets/models/fashion-mnist-diffusion.training/.
#
#   bash scripts/default-model/train-default-diffusion.sh [STEPS]
#
# The bundled model is this script's 6000-step run (85 minutes on a shared 2-core machine; its
# record and README are in assets/models/fashion-mnist-diffusion.training/).
# v-prediction on the cosine schedule: with few-step DDIM previews (20 steps) it gives
# recognisable samples far earlier than epsilon on the linear schedule (test/training/learning.test.ts).
# Training on onnxruntime is deterministic (a stopped-and-resumed run equals an unbroken one), so
# the STEPS recorded in the .training/config.json reproduce the weights.
set -euo pipefail
cd "$(dirname "$0")/../.."
STEPS="${1:-6000}"
WORK="${WORK:-$(mktemp -d)}"

if [ ! -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dataset-fashion-mnist
fi
npm run build >/dev/null
npx tsx scripts/default-model/fashion-mnist-to-folder.ts "$WORK/fashion-mnist" 20000
node bin/latent-studio.cjs train "$WORK/fashion-mnist" --family diffusion --size 32 --batch 32 \
  --width 32 --prediction v --schedule cosine --runtime ort --seed 7 --steps "$STEPS" \
  --out "$WORK/run" --json \
  --extractor fashion-mnist --eval-every 500 --eval-samples 500 > "$WORK/train.jsonl"
node bin/latent-studio.cjs export-onnx "$WORK/run/model" \
  --out assets/models/fashion-mnist-diffusion.onnx --json
node scripts/default-model/describe-default-model.mjs "$WORK/run/model" \
  fashion-mnist-diffusion "Fashion-MNIST diffusion U-Net" "diffusion, v-prediction, cosine"
