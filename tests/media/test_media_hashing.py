"""Hashing: reference vectors, and the copies a re-uploader makes."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from media_samples import clip_frames, scene, write_video
from PIL import Image
from threatexchange.signal_type.pdq.pdq_utils import simple_distance
from threatexchange.signal_type.pdq.signal import PdqSignal

from vigil.errors import InputError
from vigil.media.hashing import QUALITY_THRESHOLD, hash_file, pdq_from_image
from vigil.media.pdq_index import PDQIndex, brute_force, hex_to_array

# MD5 "abc": RFC 1321 appendix A.5; SHA-256 "abc": FIPS 180-2 appendix B.1.
ABC_MD5 = "900150983cd24fb0d6963f7d28e17f72"
ABC_SHA256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"

# From the PDQ reference's own tests (facebook/ThreatExchange,
# pdq/python/pdqhashing/tests/hash256_test.py): this hash has Hamming norm 128, so it is at
# distance 128 from the all-zero hash; all-ones and all-zeros are 256 apart.
REF_SAMPLE_HASH = "9c151c3af838278e3ef57c180c7d031c07aefd12f2ccc1e18f2a1e1c7d0ff163"


def test_exact_digests_equal_the_published_vectors(tmp_path: Path) -> None:
    f = tmp_path / "abc.bin"
    f.write_bytes(b"abc")
    h = hash_file(f)
    assert (h.md5, h.sha256, h.kind, h.pdq) == (ABC_MD5, ABC_SHA256, "other", None)


def test_distances_equal_the_reference_hash256_vectors() -> None:
    zero, ones = "0" * 64, "f" * 64
    hashes = hex_to_array([zero, ones])
    found = brute_force(hashes, hex_to_array([REF_SAMPLE_HASH, ones]), 256)
    assert found.for_query(0) == [(0, 128), (1, 128)]
    assert found.for_query(1) == [(1, 0), (0, 256)]


def test_index_distances_equal_threatexchange_on_its_pdq_examples() -> None:
    examples = PdqSignal.get_examples()
    index = PDQIndex.build(hex_to_array(examples), threshold=63)
    for q in examples:
        got = dict(index.query_hex(q))
        want = {i: simple_distance(q, h) for i, h in enumerate(examples)}
        assert got == {i: d for i, d in want.items() if d <= 63}


def test_pdq_is_the_reference_hash_bit_for_bit_when_not_resized() -> None:
    img = scene(5, (480, 360))
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    ours, quality = pdq_from_image(img)
    assert quality >= QUALITY_THRESHOLD
    assert ours == PdqSignal.hash_from_bytes(buf.getvalue())


def test_resizing_to_512_changes_only_a_few_bits() -> None:
    img = scene(6, (1400, 1050))
    small, _ = pdq_from_image(img)
    full, _ = pdq_from_image(img, resize=False)
    # The reference tests accept 16 bits between implementations; resizing stays within that.
    assert simple_distance(small, full) <= 16


def test_low_quality_pdq_is_dropped_but_exact_hashes_kept(tmp_path: Path) -> None:
    flat = tmp_path / "flat.png"
    Image.new("RGB", (300, 300), (120, 120, 120)).save(flat)
    h = hash_file(flat)
    assert h.pdq is None and h.pdq_quality is not None and h.pdq_quality < QUALITY_THRESHOLD
    assert "quality" in (h.note or "") and len(h.sha256) == 64


@pytest.mark.parametrize("variant", ["reencoded", "resized", "cropped", "watermarked"])
def test_reupload_variants_stay_within_match_distance(image_set: dict, variant: str) -> None:
    original = hash_file(image_set["original"]).pdq
    copy = hash_file(image_set[variant]).pdq
    assert original and copy
    assert simple_distance(original, copy) <= 31


def test_unrelated_image_is_far_away(image_set: dict) -> None:
    a, b = hash_file(image_set["original"]).pdq, hash_file(image_set["unrelated"]).pdq
    assert a and b and simple_distance(a, b) > 60


def test_unreadable_image_is_an_input_error_naming_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "broken.jpg"
    bad.write_bytes(b"\xff\xd8\xff\xe0" + b"not really a jpeg" * 10)
    h = hash_file(bad)  # not decodable as an image: exact hashes only
    assert h.kind == "other" and h.pdq is None
    with pytest.raises(InputError, match="missing.png"):
        hash_file(tmp_path / "missing.png")


def test_video_gets_one_frame_hash_per_second(tmp_path: Path) -> None:
    video = write_video(clip_frames(3), tmp_path / "clip.mp4")
    h = hash_file(video)
    assert h.kind == "video"
    assert 3 <= len(h.vpdq) <= 5
    assert [round(t) for _, _, t in h.vpdq][:4] == [0, 1, 2, 3]
    assert all(q >= QUALITY_THRESHOLD for _, q, _ in h.vpdq)
    assert np.unique([p for p, _, _ in h.vpdq]).size >= 3
