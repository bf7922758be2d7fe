"""PDQ hashing speed with and without the 512 px resize, and the bits it changes.

Makes synthetic photo-like JPEGs (1024 px and 2048 px wide), hashes each with Vigil's
``pdq_from_image`` (shrunk to 512 px first) and without resizing, and prints one JSON object:
images per second for both, and the Hamming distance between the two hashes.

    python bench/bench_media_hashing.py
"""

from __future__ import annotations

import io
import json
import time

import numpy as np
from PIL import Image


def photo(seed: int, w: int, h: int) -> bytes:
    rng = np.random.default_rng(seed)
    fy, fx = np.fft.fftfreq(h)[:, None], np.fft.rfftfreq(w)[None, :]
    amp = 1.0 / np.maximum(np.hypot(fx, fy), 1.0 / max(w, h)) ** 1.6
    chans = []
    for _ in range(3):
        layer = np.fft.irfft2(amp * np.exp(1j * rng.uniform(0, 6.283, amp.shape)), s=(h, w))
        chans.append(128 + 45 * (layer - layer.mean()) / (layer.std() + 1e-9))
    buf = io.BytesIO()
    Image.fromarray(np.clip(np.stack(chans, -1), 0, 255).astype(np.uint8)).save(buf, "JPEG")
    return buf.getvalue()


def rate(blobs: list[bytes], resize: bool) -> tuple[float, list[str]]:
    from vigil.media.hashing import pdq_from_image

    t = time.perf_counter()
    hashes = [pdq_from_image(Image.open(io.BytesIO(b)), resize=resize)[0] for b in blobs]
    return len(blobs) / (time.perf_counter() - t), hashes


def main() -> None:
    from threatexchange.signal_type.pdq.pdq_utils import simple_distance

    report = {}
    for w, h in ((1024, 768), (2048, 1536)):
        blobs = [photo(i, w, h) for i in range(20)]
        fast, small = rate(blobs, True)
        slow, full = rate(blobs, False)
        dists = [simple_distance(a, b) for a, b in zip(small, full, strict=True)]
        report[f"{w}x{h}"] = {
            "images_per_s_resized_512": round(fast, 1),
            "images_per_s_full_size": round(slow, 1),
            "speedup": round(fast / slow, 2),
            "bits_changed_max": max(dists),
            "bits_changed_mean": round(float(np.mean(dists)), 1),
        }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
