"""The layouts of renderLayerMosaic and renderFirstLayerGallery in numpy, for the matplotlib side of the benchmarks
(render-mpl.py, cli-python.py)."""
import numpy as np


def mosaic(w, bpr, s, k0, k1):
    """Kernels k0..k1 of w [n, c, h, w] as blocks of channel tiles, bpr blocks a row, scaled s times; gaps are NaN."""
    n, c, h, wd = w.shape
    t = np.repeat(np.repeat(w[k0:k1], s, axis=2), s, axis=3)  # nearest-neighbour upscale
    if h * wd > 1:
        t = np.pad(t, ((0, 0), (0, 0), (0, 1), (0, 1)), constant_values=np.nan)  # tile gaps
    blocks = t.transpose(0, 2, 1, 3).reshape(k1 - k0, t.shape[2], -1)  # [k, rows, C*cols]
    rows = -(-(k1 - k0) // bpr)
    pad = rows * bpr - (k1 - k0)
    blocks = np.concatenate([blocks, np.full((pad,) + blocks.shape[1:], np.nan, np.float32)])
    blocks = np.pad(blocks, ((0, 0), (0, 0), (0, 2)), constant_values=np.nan)  # block gaps
    return blocks.reshape(rows, bpr, blocks.shape[1], -1).transpose(0, 2, 1, 3).reshape(rows * blocks.shape[1], -1)


def up(a, s):
    """Nearest-neighbour upscale of the last two axes by s."""
    return np.repeat(np.repeat(a, s, axis=-2), s, axis=-1)


def gallery(w, s, gap, out, plt, cmaps):
    """The first layer's gallery as files (renderFirstLayerGallery, layout 'files'): for each kernel of w
    [n, 3, h, w], the channel sum and the channel strip in two colormaps on two scales (per kernel, per layer),
    and the RGB composite on two scales: ten images per kernel."""
    n, c, h, wd = w.shape
    sums = w.sum(axis=1)
    layer_sum = (float(sums.min()), float(sums.max()))
    layer_all = (float(w.min()), float(w.max()))
    layer_max = max(-layer_all[0], layer_all[1]) or 1.0

    def rng(name, lo, hi):
        if name == "RdBu_r":
            m = max(abs(lo), abs(hi)) or 1.0
            return -m, m
        return (lo - 1, hi + 1) if lo == hi else (lo, hi)

    for k in range(n):
        for name, cmap in cmaps.items():
            for norm in ("kernel", "layer"):
                lo, hi = rng(name, *((float(sums[k].min()), float(sums[k].max())) if norm == "kernel" else layer_sum))
                plt.imsave(f"{out}/k{k:02d}-sum-{name}-{norm}.png", up(sums[k], s), cmap=cmap, vmin=lo, vmax=hi)
                lo, hi = rng(name, *((float(w[k].min()), float(w[k].max())) if norm == "kernel" else layer_all))
                strip = np.pad(up(w[k], s), ((0, 0), (0, gap), (0, 0)), constant_values=np.nan).reshape(-1, wd * s)[:-gap]
                plt.imsave(f"{out}/k{k:02d}-channels-{name}-{norm}.png", strip, cmap=cmap, vmin=lo, vmax=hi)
        for norm in ("kernel", "layer"):
            m = (float(np.abs(w[k]).max()) or 1.0) if norm == "kernel" else layer_max
            rgb = np.clip(np.round(128 + 127 * w[k] / m), 1, 255).astype(np.uint8).transpose(1, 2, 0)
            plt.imsave(f"{out}/k{k:02d}-rgb-{norm}.png", up(rgb.transpose(2, 0, 1), s).transpose(1, 2, 0))


def legends(out, plt, cmaps, width=256, height=12):
    """The three colour bars of renderLegends."""
    ramp = np.tile(np.arange(width, dtype=np.float32), (height, 1))
    for name, cmap in cmaps.items():
        plt.imsave(f"{out}/colorbar-{name}.png", ramp, cmap=cmap, vmin=0, vmax=width - 1)
    grey = np.clip(np.round(128 + 127 * (ramp - (width - 1) / 2) / ((width - 1) / 2)), 1, 255).astype(np.uint8)
    plt.imsave(f"{out}/colorbar-rgb.png", np.stack([grey] * 3, axis=-1))
