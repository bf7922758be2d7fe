"""Ed25519 signatures on every document that leaves for a platform.

The unit's key pair lives in ``$VIGIL_HOME/keys`` and is made on first use; the private key file
is readable by its owner only (mode 0600).  A signature covers the exact bytes of a file and is
written beside it as ``FILE.sig`` (JSON), so any changed byte fails verification.  A platform
checks a document with ``vigil referral verify FILE`` and should pin the unit's public key
(``--public-key``) rather than trust the key carried in the ``.sig`` file.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from vigil.errors import InputError, IntegrityError

PRIVATE_NAME = "signing_ed25519.pem"
PUBLIC_NAME = "signing_ed25519.pub.pem"
ALG = "Ed25519"


def key_id(public: Ed25519PublicKey) -> str:
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


@dataclass(frozen=True)
class Signer:
    private: Ed25519PrivateKey

    @property
    def public(self) -> Ed25519PublicKey:
        return self.private.public_key()

    @property
    def key_id(self) -> str:
        return key_id(self.public)

    def sign_bytes(self, data: bytes, *, filename: str = "") -> dict[str, str]:
        raw_pub = self.public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        return {
            "alg": ALG,
            "file": filename,
            "sha256": hashlib.sha256(data).hexdigest(),
            "key_id": self.key_id,
            "public_key": base64.b64encode(raw_pub).decode(),
            "signature": base64.b64encode(self.private.sign(data)).decode(),
            "signed_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }

    def sign_file(self, path: Path) -> Path:
        """Write ``path.sig`` beside ``path`` and return it."""
        sig = self.sign_bytes(path.read_bytes(), filename=path.name)
        out = path.with_name(path.name + ".sig")
        atomic_write(out, (json.dumps(sig, indent=2, sort_keys=True) + "\n").encode())
        return out


def atomic_write(path: Path, data: bytes) -> None:
    """Write a file so that a crash leaves the old file or the new one, never half of one."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def load_or_create(keys_dir: Path) -> Signer:
    """The unit's signing key; generated (mode 0600) the first time it is needed."""
    private_path = keys_dir / PRIVATE_NAME
    if private_path.exists():
        loaded = serialization.load_pem_private_key(private_path.read_bytes(), password=None)
        if not isinstance(loaded, Ed25519PrivateKey):
            raise IntegrityError(f"{private_path}: not an Ed25519 private key.")
        return Signer(loaded)
    keys_dir.mkdir(parents=True, exist_ok=True)
    private = Ed25519PrivateKey.generate()
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    # Create with 0600 from the start, so the key is never readable by others even briefly.
    fd = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)
    public_pem = private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    (keys_dir / PUBLIC_NAME).write_bytes(public_pem)
    return Signer(private)


@dataclass(frozen=True)
class Verification:
    file: str
    key_id: str
    sha256: str
    pinned: bool  # True when checked against a key the caller supplied

    def to_dict(self) -> dict[str, object]:
        return {"ok": True, **self.__dict__}


def _read_sig(sig_path: Path) -> dict[str, str]:
    if not sig_path.exists():
        raise InputError(
            "no signature file beside the document; expected it next to the file, or pass --signature",
            source=str(sig_path),
        )
    try:
        sig = json.loads(sig_path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"not a Vigil signature file: {exc}", source=str(sig_path)) from exc
    missing = [k for k in ("alg", "public_key", "signature") if k not in sig]
    if missing or sig.get("alg") != ALG:
        raise InputError(
            f"not a Vigil Ed25519 signature file (missing {missing or 'alg=Ed25519'})",
            source=str(sig_path),
        )
    return sig


def _load_public(path: Path) -> Ed25519PublicKey:
    try:
        key = serialization.load_pem_public_key(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read a PEM public key: {exc}", source=str(path)) from exc
    if not isinstance(key, Ed25519PublicKey):
        raise InputError("not an Ed25519 public key", source=str(path))
    return key


def verify_file(path: Path, *, signature: Path | None = None, public_key: Path | None = None) -> Verification:
    """Check ``path`` against its signature; raise IntegrityError if any byte differs."""
    if not path.exists():
        raise InputError("file not found", source=str(path))
    sig_path = signature or path.with_name(path.name + ".sig")
    sig = _read_sig(sig_path)
    try:
        carried = Ed25519PublicKey.from_public_bytes(base64.b64decode(sig["public_key"]))
        raw_sig = base64.b64decode(sig["signature"], validate=True)
    except ValueError as exc:
        raise IntegrityError(f"{sig_path}: the signature or key is malformed: {exc}") from exc
    key = _load_public(public_key) if public_key else carried
    if public_key and key_id(key) != key_id(carried):
        raise IntegrityError(f"{path}: signed by key {key_id(carried)}, not by the pinned key {key_id(key)}.")
    data = path.read_bytes()
    try:
        key.verify(raw_sig, data)
    except InvalidSignature as exc:
        raise IntegrityError(
            f"{path}: the signature does not match the content (the file or its signature was "
            "changed after signing). Do not act on it; ask the issuer for the original."
        ) from exc
    return Verification(
        file=str(path),
        key_id=key_id(key),
        sha256=hashlib.sha256(data).hexdigest(),
        pinned=public_key is not None,
    )
