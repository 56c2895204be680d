"""The layout of renderLayerMosaic in numpy, for the matplotlib side of the benchmarks (render-mpl.py, cli-python.py)."""
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
