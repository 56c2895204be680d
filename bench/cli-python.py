"""The Python side of bench/cli.bench.ts: what a notebook user runs instead of kernel-atlas, timed by the
caller as a whole process (interpreter start, imports, reading, drawing, writing), like the CLI.

Usage:
  cli-python.py recipe MODEL.safetensors OUTDIR   the tutorial's matplotlib recipe on conv1.0.weight
  cli-python.py inspect MODEL.onnx                onnx.load, then every Conv weight as a numpy array
  cli-python.py render MODEL.onnx JOB.json OUTDIR  what `kernel-atlas render` draws, with plt.imsave: every
                                                  layer's mosaic pages, the first layer's gallery (nine sheets
                                                  of every kernel), the colour bars; `--mosaics-only`: the mosaics
  cli-python.py check                             exits 0 when numpy, matplotlib and onnx import
"""
import json
import os
import sys

mode = sys.argv[1]

if mode == "check":
    import numpy, matplotlib, onnx  # noqa: F401,E401

    sys.exit(0)

if mode == "recipe":
    import numpy as np
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    # safetensors without the safetensors package: an 8-byte length, a JSON header, then the bytes.
    path, out = sys.argv[2], sys.argv[3]
    with open(path, "rb") as f:
        n = int.from_bytes(f.read(8), "little")
        entry = json.loads(f.read(n))["conv1.0.weight"]
        begin, end = entry["data_offsets"]
        f.seek(8 + n + begin)
        w = np.frombuffer(f.read(end - begin), dtype=np.float32).reshape(entry["shape"])  # [32, 3, 3, 3]
    os.makedirs(out, exist_ok=True)
    summed = w.sum(axis=1)
    lim = np.abs(summed).max()
    fig, axes = plt.subplots(4, 8, figsize=(8, 4))
    for ax, k in zip(axes.flat, summed):
        ax.imshow(k, cmap="RdBu_r", vmin=-lim, vmax=lim)
        ax.axis("off")
    fig.savefig(f"{out}/summed.png")
    plt.close(fig)
    lim = np.abs(w).max()
    fig, axes = plt.subplots(3, 32, figsize=(32, 3))
    for i in range(32):
        for c in range(3):
            axes[c, i].imshow(w[i, c], cmap="RdBu_r", vmin=-lim, vmax=lim)
            axes[c, i].axis("off")
    fig.savefig(f"{out}/channels.png")
    plt.close(fig)
    sys.exit(0)

import numpy as np
import onnx
from onnx import numpy_helper


def conv_weights(path):
    model = onnx.load(path)
    inits = {t.name: t for t in model.graph.initializer}
    return [numpy_helper.to_array(inits[n.input[1]]) for n in model.graph.node if n.op_type == "Conv"]


if mode == "inspect":
    weights = conv_weights(sys.argv[2])
    print(len(weights), sum(w.size for w in weights))
    sys.exit(0)

if mode == "render":
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from mosaic_layout import gallery, legends, mosaic  # kernel-atlas's layouts, gaps as NaN (dark grey)

    job = json.load(open(sys.argv[3]))
    out = sys.argv[4]
    os.makedirs(out, exist_ok=True)
    cmap = matplotlib.colormaps["RdBu_r"].with_extremes(bad="#333333")
    cmaps = {"RdBu_r": cmap, "viridis": matplotlib.colormaps["viridis"].with_extremes(bad="#333333")}

    weights = conv_weights(sys.argv[2])
    for i, (layer, w) in enumerate(zip(job["layers"], weights)):
        m = float(np.abs(w).max())
        for p, (k0, k1) in enumerate(layer["pages"]):
            plt.imsave(f"{out}/layer-{i}-p{p}.png", mosaic(w, layer["bpr"], layer["scale"], k0, k1), cmap=cmap, vmin=-m, vmax=m)
    if "--mosaics-only" not in sys.argv:
        os.makedirs(f"{out}/gallery", exist_ok=True)
        gallery(weights[0], job["gallery"]["scale"], job["gallery"]["gap"], f"{out}/gallery", plt, cmaps)
        legends(out, plt, cmaps)
    sys.exit(0)

sys.exit(f"unknown mode {mode}")
