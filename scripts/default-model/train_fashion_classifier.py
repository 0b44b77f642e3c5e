"""Trains the bundled Fashion-MNIST classifier: the domain feature extractor and Inception-Score
classifier for models trained on Fashion-MNIST (the bundled default model among them).

    /usr/bin/python3 scripts/default-model/train_fashion_classifier.py

Data: Debian package `dataset-fashion-mnist` (Zalando SE, MIT). Writes
assets/extractors/fashion-mnist-classifier.{onnx,json} and its training record. Deterministic on
one CPU thread (seed 7; more threads crawl on a busy 2-core machine). The network takes RGB 28×28 in [0,1] (the extractor manifest's contract)
and averages the channels itself, so colour images and greyscale PNGs are treated alike.
"""
import gzip, json, os, struct, sys, time
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
DATA = '/usr/share/datasets/fashion-mnist'
OUT = os.path.join(ROOT, 'assets', 'extractors')
CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat',
           'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot']
MEAN, STD = 0.2860, 0.3530  # Fashion-MNIST training-set pixel statistics in [0,1]


def read_idx(name):
    with gzip.open(os.path.join(DATA, name), 'rb') as f:
        magic, = struct.unpack('>I', f.read(4))
        dims = struct.unpack('>' + 'I' * (magic & 0xff), f.read(4 * (magic & 0xff)))
        return np.frombuffer(f.read(), dtype=np.uint8).reshape(dims)


class Classifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(1, 32, 3, padding=1)
        self.c2 = nn.Conv2d(32, 64, 3, padding=1)
        self.c3 = nn.Conv2d(64, 128, 3, padding=1)
        self.fc = nn.Linear(128 * 3 * 3, 128)
        self.head = nn.Linear(128, 10)

    def forward(self, rgb):
        x = (rgb.mean(dim=1, keepdim=True) - MEAN) / STD
        x = F.max_pool2d(F.relu(self.c1(x)), 2)  # 14
        x = F.max_pool2d(F.relu(self.c2(x)), 2)  # 7
        x = F.max_pool2d(F.relu(self.c3(x)), 2)  # 3
        features = F.relu(self.fc(x.flatten(1)))
        return features, self.head(features)


def to_rgb(images):
    x = torch.from_numpy(images.astype(np.float32) / 255.0).unsqueeze(1)
    return x.expand(-1, 3, -1, -1)


def main():
    torch.manual_seed(7)
    torch.set_num_threads(int(os.environ.get('THREADS', '1')))
    epochs = int(sys.argv[1]) if len(sys.argv) > 1 else 4
    xtr, ytr = read_idx('train-images-idx3-ubyte.gz'), read_idx('train-labels-idx1-ubyte.gz')
    xte, yte = read_idx('t10k-images-idx3-ubyte.gz'), read_idx('t10k-labels-idx1-ubyte.gz')
    model = Classifier()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, epochs * (len(xtr) // 128))
    log, started = [], time.time()
    for epoch in range(epochs):
        model.train()
        order = torch.randperm(len(xtr))
        for i in range(0, len(xtr) - 127, 128):
            idx = order[i:i + 128].numpy()
            x = to_rgb(xtr[idx])
            # Small random shifts: generated samples are rarely pixel-centred like the data set.
            if True:
                dx, dy = np.random.randint(-2, 3, size=2)
                x = torch.roll(x, shifts=(int(dy), int(dx)), dims=(2, 3))
            _, logits = model(x)
            loss = F.cross_entropy(logits, torch.from_numpy(ytr[idx].astype(np.int64)))
            opt.zero_grad(); loss.backward(); opt.step(); sched.step()
        acc = accuracy(model, xte, yte)
        log.append({'epoch': epoch + 1, 'trainLoss': float(loss), 'testAccuracy': acc,
                    'seconds': round(time.time() - started, 1)})
        print(json.dumps(log[-1]), flush=True)
    export(model, log, epochs)


def accuracy(model, x, y):
    model.eval()
    with torch.no_grad():
        pred = torch.cat([model(to_rgb(x[i:i + 1000]))[1].argmax(1) for i in range(0, len(x), 1000)])
    return float((pred.numpy() == y).mean())


def export(model, log, epochs):
    os.makedirs(OUT, exist_ok=True)
    model.eval()
    onnx_path = os.path.join(OUT, 'fashion-mnist-classifier.onnx')
    torch.onnx.export(model, torch.zeros(1, 3, 28, 28), onnx_path, opset_version=13,
                      input_names=['image'], output_names=['features', 'logits'],
                      dynamic_axes={'image': {0: 'n'}, 'features': {0: 'n'}, 'logits': {0: 'n'}})
    manifest = {
        'kind': 'feature-extractor',
        'name': 'fashion-mnist-classifier',
        'description': "Small CNN trained by Latent Studio's own script on Fashion-MNIST (test accuracy %.1f%%); "
                       '128-d features from its last hidden layer, 10 Fashion-MNIST classes.'
                       % (100 * log[-1]['testAccuracy']),
        'input': {'name': 'image', 'width': 28, 'height': 28, 'layout': 'NCHW', 'channels': 3,
                  'range': [0, 1]},
        'resize': 'bilinear',
        'features': 'features',
        'classifier': {'output': 'logits', 'softmax': False, 'classes': 10},
        'classNames': CLASSES,
        'maxBatch': 256,
    }
    with open(os.path.join(OUT, 'fashion-mnist-classifier.json'), 'w') as f:
        json.dump(manifest, f, indent=2); f.write('\n')
    record = os.path.join(OUT, 'fashion-mnist-classifier.training')
    os.makedirs(record, exist_ok=True)
    with open(os.path.join(record, 'training-log.json'), 'w') as f:
        json.dump({'epochs': epochs, 'batch': 128, 'optimizer': 'Adam lr 1e-3 cosine', 'seed': 7,
                   'log': log}, f, indent=2); f.write('\n')


if __name__ == '__main__':
    main()
