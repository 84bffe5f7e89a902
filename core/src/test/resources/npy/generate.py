#!/usr/bin/env python3
"""Writes the .npy fixtures of core's tests with NumPy itself, and manifest.csv describing them.

Run from anywhere:  /usr/bin/python3 core/src/test/resources/npy/generate.py
(made with NumPy 1.24.2, Debian 12's python3-numpy). The output is deterministic; re-running it must
leave `git status` clean. NpyFixturesTest recomputes every value below with the same formulas.

manifest.csv holds what NumPy's own reader says about each file (format version, descr, shape,
fortran_order, data offset, file size), so the Java tests compare against NumPy, not against Panamax.
"""
import ast
import csv
import io
import os

import numpy as np
from numpy.lib import format as npf

HERE = os.path.dirname(os.path.abspath(__file__))
INTS = ["int8", "int16", "int32", "int64", "uint8"]
FLOATS = ["float32", "float64"]


def one_d(dtype):
    """7 (ints) or 10 (floats) values that include the extremes of the type."""
    if dtype in INTS:
        info = np.iinfo(dtype)
        return np.array([info.min, info.min + 1, 0, 1, 42, info.max - 1, info.max], dtype=dtype)
    fi = np.finfo(dtype)
    return np.array([-1.5, -0.0, 0.25, np.pi, np.inf, -np.inf, np.nan, fi.max, fi.tiny, fi.eps], dtype=dtype)


def two_d(dtype):
    """3 x 4, element [r, c] = i * 3 - 7 with i = r * 4 + c (divided by 4 for floats; wraps for uint8)."""
    i = np.arange(12, dtype=np.int64) * 3 - 7
    if dtype in FLOATS:
        return (i / 4).astype(dtype).reshape(3, 4)
    return i.astype(dtype).reshape(3, 4)


def save(name, array, version=None):
    with open(os.path.join(HERE, name), "wb") as f:
        if version is None:
            np.save(f, array, allow_pickle=False)
        else:
            npf.write_array(f, array, version=version, allow_pickle=False)


def save_compact(name, array):
    """A valid .npy 1.0 file whose dict has no spaces and no growth padding, so the data lands at 64.

    NumPy >= 1.23 pads every header it writes with room to grow the shape, so np.save never puts data
    at 64 any more; older NumPy did, and np.load accepts this file (checked below)."""
    d = npf.header_data_from_array_1_0(array)
    text = "{'descr':%r,'fortran_order':%s,'shape':%r}" % (d["descr"], d["fortran_order"], d["shape"])
    raw = text.encode("latin1")
    total = -(-(10 + len(raw) + 1) // 64) * 64
    raw = raw + b" " * (total - 10 - len(raw) - 1) + b"\n"
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + len(raw).to_bytes(2, "little") + raw)
        f.write(array.tobytes(order="C"))


def main():
    for dtype in INTS + FLOATS:
        save(dtype + "_1d.npy", one_d(dtype))
        save(dtype + "_2d.npy", two_d(dtype))
    save("scalar_f8.npy", np.array(2.5))
    save("empty_f8.npy", np.zeros(0, dtype="<f8"))
    save("empty_3x0_i4.npy", np.zeros((3, 0), dtype="<i4"))
    save("v2_f8_2x3.npy", (np.arange(6) * 0.5).reshape(2, 3), version=(2, 0))
    save("v3_i4.npy", np.arange(5, dtype="<i4") - 2, version=(3, 0))
    save("fortran_f8_2x3.npy", np.asfortranarray(np.arange(6.0).reshape(2, 3)))
    save("bigendian_f8.npy", np.arange(3, dtype=">f8"))
    save("structured.npy", np.zeros(2, dtype=[("x", "<f8"), ("y", "<i4")]))
    save("bool.npy", np.array([True, False, True]))
    save("complex.npy", np.array([1 + 2j], dtype="<c16"))
    save_compact("offset64_u1.npy", np.arange(5, dtype="|u1"))
    save("offset192_rank25_f8.npy", np.array([1.5, 2.5, 3.5]).reshape((1,) * 24 + (3,)))

    rows = []
    for name in sorted(n for n in os.listdir(HERE) if n.endswith(".npy")):
        path = os.path.join(HERE, name)
        with open(path, "rb") as f:
            major, minor = npf.read_magic(f)
            start = f.tell()
            hlen = int.from_bytes(f.read(2 if major == 1 else 4), "little")
            text = f.read(hlen).decode("utf8" if major == 3 else "latin1")
            d = ast.literal_eval(text)
            f.seek(start)
            # NumPy's own header reader; it raises for anything np.load would refuse.
            shape, fortran, dtype = npf._read_array_header(f, (major, minor))
            offset = f.tell()
        if dtype.hasobject:
            raise SystemExit(name + " holds objects")
        if name.startswith("offset64"):
            assert offset == 64, offset
            assert np.array_equal(np.load(path), np.arange(5, dtype="|u1"))
        rows.append([name, "%d.%d" % (major, minor), d["descr"] if isinstance(d["descr"], str) else "structured",
                     "x".join(str(n) for n in shape) if shape else "scalar", fortran, offset,
                     os.path.getsize(path)])
    with open(os.path.join(HERE, "manifest.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["file", "version", "descr", "shape", "fortran_order", "data_offset", "file_size"])
        w.writerows(rows)


if __name__ == "__main__":
    main()
