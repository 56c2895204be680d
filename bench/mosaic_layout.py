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


def sheet(tiles, gap, fill, cols=8):
    """Equal tiles (h x w, or h x w x 3) in rows of `cols`, `gap` pixels of `fill` apart: renderFirstLayerGallery's sheet."""
    n = len(tiles)
    cols = min(cols, n)
    rows = -(-n // cols)
    th, tw = tiles[0].shape[:2]
    out = np.full((rows * th + (rows - 1) * gap, cols * tw + (cols - 1) * gap) + tiles[0].shape[2:], fill, dtype=tiles[0].dtype)
    for k, t in enumerate(tiles):
        y, x = (k // cols) * (th + gap), (k % cols) * (tw + gap)
        out[y:y + th, x:x + tw] = t
    return out


def gallery(w, s, gap, out, plt, cmaps):
    """The first layer's gallery (renderFirstLayerGallery): for every kernel of w [n, 3, h, w], the channel sum and
    the channel strip in two colormaps on two scales (per kernel, per layer), and the RGB composite on the layer's
    scale; each of those nine views one sheet of every kernel. A sheet has one colour scale, so each tile is first put on
    its own (per kernel) or the layer's scale as 0..1."""
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

    def unit(a, lo, hi):
        return (a - lo) / (hi - lo)

    for name, cmap in cmaps.items():
        for norm in ("kernel", "layer"):
            summed, strips = [], []
            for k in range(n):
                lo, hi = rng(name, *((float(sums[k].min()), float(sums[k].max())) if norm == "kernel" else layer_sum))
                summed.append(unit(up(sums[k], s), lo, hi))
                lo, hi = rng(name, *((float(w[k].min()), float(w[k].max())) if norm == "kernel" else layer_all))
                strips.append(unit(np.pad(up(w[k], s), ((0, 0), (0, gap), (0, 0)), constant_values=np.nan).reshape(-1, wd * s)[:-gap], lo, hi))
            plt.imsave(f"{out}/sum-{name}-{norm}.png", sheet(summed, gap, np.nan), cmap=cmap, vmin=0, vmax=1)
            plt.imsave(f"{out}/channels-{name}-{norm}.png", sheet(strips, gap, np.nan), cmap=cmap, vmin=0, vmax=1)
    for norm in ("layer",):
        tiles = []
        for k in range(n):
            m = (float(np.abs(w[k]).max()) or 1.0) if norm == "kernel" else layer_max
            rgb = np.clip(np.round(128 + 127 * w[k] / m), 1, 255).astype(np.uint8)
            tiles.append(up(rgb, s).transpose(1, 2, 0))
        plt.imsave(f"{out}/rgb-{norm}.png", sheet(tiles, gap, np.uint8(0x33)))


def legends(out, plt, cmaps, width=256, height=12):
    """The three colour bars of renderLegends."""
    ramp = np.tile(np.arange(width, dtype=np.float32), (height, 1))
    for name, cmap in cmaps.items():
        plt.imsave(f"{out}/colorbar-{name}.png", ramp, cmap=cmap, vmin=0, vmax=width - 1)
    grey = np.clip(np.round(128 + 127 * (ramp - (width - 1) / 2) / ((width - 1) / 2)), 1, 255).astype(np.uint8)
    plt.imsave(f"{out}/colorbar-rgb.png", np.stack([grey] * 3, axis=-1))
