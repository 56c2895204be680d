"""The matplotlib side of bench/render.bench.ts: the same images, the way a notebook would draw them.

Usage: render-mpl.py JOB.json OUTDIR   (JOB.json written by render.bench.ts)
Prints one JSON line: {"mosaics": seconds, "gallery": seconds, "recipe": seconds}.
Weight generation and imports are not timed (the Node side does not time them either).
"""
import json, os, sys, time
import numpy as np
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
from mosaic_layout import mosaic  # same layout as renderLayerMosaic: NaN gaps drawn dark grey

job = json.load(open(sys.argv[1]))
out = sys.argv[2]
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(0)
layers = [(l, (rng.standard_normal(l["dims"]) * np.sqrt(2 / np.prod(l["dims"][1:]))).astype(np.float32)) for l in job["layers"]]
cmap_div = matplotlib.colormaps["RdBu_r"].with_extremes(bad="#333333")


def save(img, path, cmap, vmin, vmax):
    dpi = 100
    fig = plt.figure(figsize=(img.shape[1] / dpi, img.shape[0] / dpi), dpi=dpi)
    ax = fig.add_axes([0, 0, 1, 1])
    ax.imshow(img, cmap=cmap, vmin=vmin, vmax=vmax, interpolation="nearest")
    ax.axis("off")
    fig.savefig(path, dpi=dpi)
    plt.close(fig)


t0 = time.perf_counter()
for i, (l, w) in enumerate(layers):
    m = float(np.abs(w).max())
    for p, (k0, k1) in enumerate(l["pages"]):
        save(mosaic(w, l["bpr"], l["scale"], k0, k1), f"{out}/layer-{i}-p{p}.png", cmap_div, -m, m)
t_mosaics = time.perf_counter() - t0

# The first-layer gallery, same views as renderFirstLayerGallery: sum and channels x 2 colormaps x 2 norms, RGB x 2 norms.
w = (rng.standard_normal(job["gallery"]) * 0.3).astype(np.float32)


def grid(views, path, cmap, vmin=None, vmax=None, rgb=False):
    n = len(views)
    cols = min(8, n)
    rows = -(-n // cols)
    fig, axs = plt.subplots(rows, cols, figsize=(cols, rows * views[0].shape[0] / views[0].shape[1]))
    for ax, v in zip(np.ravel(axs), views):
        ax.imshow(v, cmap=None if rgb else cmap, vmin=vmin, vmax=vmax, interpolation="nearest")
    for ax in np.ravel(axs):
        ax.axis("off")
    fig.savefig(path)
    plt.close(fig)


t0 = time.perf_counter()
sums = w.sum(1)
for cmap in ("RdBu_r", "viridis"):
    for norm in ("kernel", "layer"):
        lim = (lambda a: (-np.abs(a).max(), np.abs(a).max())) if cmap == "RdBu_r" else (lambda a: (a.min(), a.max()))
        lo, hi = lim(sums) if norm == "layer" else (None, None)
        views = [s if norm == "layer" else (s - lim(s)[0]) / (lim(s)[1] - lim(s)[0]) for s in sums]
        grid(views, f"{out}/sum-{cmap}-{norm}.png", cmap, lo if norm == "layer" else 0, hi if norm == "layer" else 1)
        strips = [np.concatenate(list(k), axis=0) for k in w]
        lo, hi = lim(w) if norm == "layer" else (None, None)
        grid(strips, f"{out}/channels-{cmap}-{norm}.png", cmap, lo, hi)
for norm in ("kernel", "layer"):
    m = np.abs(w).max()
    views = [np.clip(0.5 + 0.5 * k.transpose(1, 2, 0)[..., ::-1] / (np.abs(k).max() if norm == "kernel" else m), 0, 1) for k in w]
    grid(views, f"{out}/rgb-{norm}.png", None, rgb=True)
t_gallery = time.perf_counter() - t0

# The tutorial's recipe: a 4 x 8 grid of summed kernels and a 3 x 32 grid of channels, viridis, savefig.
t0 = time.perf_counter()
fig, axs = plt.subplots(4, 8, figsize=(8, 4))
for i, ax in enumerate(axs.flat):
    ax.imshow(w[i].sum(0), cmap="viridis")
    ax.axis("off")
fig.savefig(f"{out}/recipe-summed.png")
plt.close(fig)
fig, axs = plt.subplots(3, 32, figsize=(32, 3))
for i in range(32):
    for c in range(3):
        axs[c, i].imshow(w[i, c], cmap="viridis")
        axs[c, i].axis("off")
fig.savefig(f"{out}/recipe-channels.png")
plt.close(fig)
t_recipe = time.perf_counter() - t0
print(json.dumps({"mosaics": t_mosaics, "gallery": t_gallery, "recipe": t_recipe}))
