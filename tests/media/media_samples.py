"""Synthetic images and videos for the media tests, built here, never downloaded."""

from __future__ import annotations

import subprocess
from pathlib import Path

import imageio_ffmpeg
import numpy as np
from PIL import Image, ImageDraw


def scene(seed: int, size: tuple[int, int] = (800, 600)) -> Image.Image:
    """A photo-like picture, different per seed: random-phase noise with the 1/f^2 power
    spectrum of natural images (most energy at low frequencies, as in a real photo), plus a
    few soft shapes."""
    rng = np.random.default_rng(seed)
    w, h = size
    fy = np.fft.fftfreq(h)[:, None]
    fx = np.fft.rfftfreq(w)[None, :]
    amp = 1.0 / np.maximum(np.hypot(fx, fy), 1.0 / max(w, h)) ** 1.6
    channels = []
    for _ in range(3):
        phase = rng.uniform(0, 2 * np.pi, amp.shape)
        layer = np.fft.irfft2(amp * np.exp(1j * phase), s=(h, w))
        layer = (layer - layer.mean()) / (layer.std() + 1e-9)
        channels.append(128 + 45 * layer)
    img = Image.fromarray(np.clip(np.stack(channels, -1), 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(img)
    for _ in range(4):
        x0, y0 = int(rng.integers(0, w - w // 4)), int(rng.integers(0, h - h // 4))
        x1, y1 = x0 + int(rng.integers(w // 8, w // 4)), y0 + int(rng.integers(h // 8, h // 4))
        colour = tuple(int(v) for v in rng.integers(0, 256, 3))
        draw.ellipse((x0, y0, x1, y1), fill=colour)
    return img


def variants(img: Image.Image, folder: Path) -> dict[str, Path]:
    """Copies a re-uploader would make: re-encoded, resized, slightly cropped, watermarked."""
    w, h = img.size
    out = {}
    out["reencoded"] = folder / "reencoded.jpg"
    img.save(out["reencoded"], quality=55)
    out["resized"] = folder / "resized.png"
    img.resize((w // 2, h // 2), Image.Resampling.LANCZOS).save(out["resized"])
    # PDQ tolerates only slight crops: 1% a side stays within distance 31, 3% does not.
    out["cropped"] = folder / "cropped.jpg"
    dx, dy = int(w * 0.01), int(h * 0.01)
    img.crop((dx, dy, w - dx, h - dy)).save(out["cropped"], quality=90)
    layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    draw.text((w - 200, h - 40), "@reupload_channel", fill=(255, 255, 255, 160))
    draw.rectangle((w - 110, 10, w - 10, 40), fill=(255, 255, 255, 100))
    out["watermarked"] = folder / "watermarked.jpg"
    Image.alpha_composite(img.convert("RGBA"), layer).convert("RGB").save(
        out["watermarked"], quality=85
    )
    return out


def write_video(
    frames: list[Image.Image], path: Path, *, fps: int = 8, scale: float = 1.0, crf: int = 23
) -> Path:
    """Encode frames to H.264 MP4 with the ffmpeg binary that the imageio-ffmpeg wheel ships."""
    w, h = frames[0].size
    ow, oh = int(w * scale) // 2 * 2, int(h * scale) // 2 * 2
    cmd = [
        imageio_ffmpeg.get_ffmpeg_exe(),
        "-loglevel",
        "error",
        "-y",
        "-f",
        "rawvideo",
        "-pix_fmt",
        "rgb24",
        "-s",
        f"{w}x{h}",
        "-r",
        str(fps),
        "-i",
        "-",
        "-vf",
        f"scale={ow}:{oh}",
        "-c:v",
        "libx264",
        "-crf",
        str(crf),
        "-pix_fmt",
        "yuv420p",
        str(path),
    ]
    data = b"".join(np.asarray(f.convert("RGB")).tobytes() for f in frames)
    subprocess.run(cmd, input=data, check=True)
    return path


def clip_frames(seed: int, seconds: int = 4, fps: int = 8) -> list[Image.Image]:
    """A clip of a few distinct shots, one per second, with slow motion inside each shot."""
    frames = []
    for s in range(seconds):
        shot = scene(seed * 100 + s, (320, 240))
        for f in range(fps):
            frames.append(shot.rotate(f * 0.3, resample=Image.Resampling.BILINEAR))
    return frames
