"""Hashing media files: PDQ for images, vPDQ for video, MD5 and SHA-256 for exact copies.

PDQ goes through ``pdqhash`` (the Python binding of Meta's reference C++ hasher, the one
``threatexchange``'s ``PdqSignal`` uses) and vPDQ through ``threatexchange``'s vPDQ extension,
which calls ``vpdq`` (one frame hash per second by default).  Two choices follow the reference:

* Images larger than 512 px on their longer side are shrunk to 512 px before PDQ.  PDQ itself
  downsamples to 64x64, so this changes only a few bits (well inside the match distance of 31)
  and hashing gets 4-5x faster.
* A PDQ hash whose quality is below 50 is dropped, as ``PdqSignal.QUALITY_THRESHOLD`` does: flat
  or nearly blank images give unstable hashes that match far too much.  Such a file still gets
  its MD5 and SHA-256.
"""

from __future__ import annotations

import hashlib
import math
import warnings
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pdqhash
from PIL import Image, ImageOps, UnidentifiedImageError

from vigil.errors import InputError

__all__ = [
    "MAX_SIDE",
    "QUALITY_THRESHOLD",
    "MediaHashes",
    "hash_file",
    "pdq_from_image",
    "sniff_kind",
]

MAX_SIDE = 512
QUALITY_THRESHOLD = 50  # threatexchange PdqSignal.QUALITY_THRESHOLD
VIDEO_SUFFIXES = {".mp4", ".m4v", ".mov", ".webm", ".mkv", ".avi", ".3gp", ".ts", ".flv"}
_CHUNK = 1 << 20


@dataclass
class MediaHashes:
    """The hashes of one file.  ``pdq`` is None when the image's quality is below 50."""

    path: str
    kind: Literal["image", "video", "other"]
    md5: str
    sha256: str
    pdq: str | None = None
    pdq_quality: int | None = None
    vpdq: list[tuple[str, int, float]] = field(default_factory=list)  # (pdq hex, quality, second)
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["vpdq"] = [list(f) for f in self.vpdq]
        return data


def file_digests(path: Path) -> tuple[str, str]:
    md5, sha = hashlib.md5(usedforsecurity=False), hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(_CHUNK):
            md5.update(block)
            sha.update(block)
    return md5.hexdigest(), sha.hexdigest()


def sniff_kind(path: Path) -> Literal["image", "video", "other"]:
    if path.suffix.lower() in VIDEO_SUFFIXES:
        return "video"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as img:
                img.verify()
        return "image"
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return "other"


def pdq_from_image(img: Image.Image, *, resize: bool = True) -> tuple[str, int]:
    """(PDQ hex, quality) of a Pillow image, shrunk to 512 px first unless resize is False."""
    if resize and img.format == "JPEG":
        # Let libjpeg decode at 1/2, 1/4 or 1/8 scale (never below 512 px): most of the time
        # of hashing a large photo is decoding it.
        scale = MAX_SIDE / max(img.size)
        if scale < 1:
            img.draft("RGB", (math.ceil(img.width * scale), math.ceil(img.height * scale)))
    img = ImageOps.exif_transpose(img)  # an EXIF-rotated copy hashes like the upright original
    if resize and max(img.size) > MAX_SIDE:
        img = img.copy()
        img.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.BILINEAR)
    arr = np.asarray(img.convert("RGB"))
    bits, quality = pdqhash.compute(arr)
    return np.packbits(bits).tobytes().hex(), int(quality)


def _hash_image(path: Path, out: MediaHashes) -> None:
    try:
        with Image.open(path) as img:
            pdq, quality = pdq_from_image(img)
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise InputError(f"cannot read this image: {exc}", source=str(path)) from exc
    out.pdq_quality = quality
    if quality >= QUALITY_THRESHOLD:
        out.pdq = pdq
    else:
        out.note = f"PDQ quality {quality} < {QUALITY_THRESHOLD}: too flat to match on, dropped"


def _hash_video(path: Path, out: MediaHashes, seconds_per_hash: float) -> None:
    try:
        from threatexchange.extensions.vpdq.vpdq_util import hash_file_compact
    except ImportError as exc:  # vpdq needs FFmpeg's libraries at build time
        raise InputError(
            f"video hashing needs the 'vpdq' package, which did not import: {exc}",
            source=str(path),
        ) from exc
    try:
        features = hash_file_compact(str(path), seconds_per_hash)
    except Exception as exc:  # vpdq raises plain ValueError/RuntimeError on unreadable video
        raise InputError(f"cannot read this video: {exc}", source=str(path)) from exc
    out.vpdq = [(f.pdq_hex, int(f.quality), float(f.timestamp)) for f in features]
    good = [f for f in out.vpdq if f[1] >= QUALITY_THRESHOLD]
    if not good:
        out.note = f"no video frame has PDQ quality >= {QUALITY_THRESHOLD}"


def hash_file(path: str | Path, *, seconds_per_hash: float = 1.0) -> MediaHashes:
    """MD5, SHA-256, and PDQ (images) or vPDQ (videos) of one file."""
    path = Path(path)
    if not path.is_file():
        raise InputError("no such file", source=str(path))
    md5, sha = file_digests(path)
    kind = sniff_kind(path)
    out = MediaHashes(path=str(path), kind=kind, md5=md5, sha256=sha)
    if kind == "image":
        _hash_image(path, out)
    elif kind == "video":
        _hash_video(path, out, seconds_per_hash)
    return out
