"""Platform contacts, channels and the issuing authority, read from ``$VIGIL_HOME/platforms.yaml``.

Example (the whole format; docs/referral.md explains each key)::

    authority:
      name: National Referral Unit
      country: PK
      address: 1 Example Road, Islamabad
      email: nru@example.org
      contact_point: Duty officer, +92 000 0000
      redress: Appeal to the Review Board within 30 days (Art. 9 TCO-style).
    smtp: {host: 127.0.0.1, port: 25, sender: nru@example.org, starttls: false}
    platforms:
      x:
        name: X Corp.
        channel: {type: webhook, url: "https://api.x.example/referrals", secret_env: X_SECRET}
        account_url: "https://x.com/{id}"
        offline_markers: ["This account doesn't exist"]
      tiktok:
        channel: {type: email, to: legal@tiktok.example}
      telegram:
        channel: {type: filedrop, folder: outbox/telegram}

Secrets are never written in the file: ``secret_env`` and ``password_env`` name environment
variables.  A wrong key or value is reported with the file and the field.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from vigil.errors import ConfigError

CONFIG_NAME = "platforms.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Authority(_Strict):
    name: str = "Vigil referral unit"
    country: str = ""
    address: str = ""
    email: str = ""
    contact_point: str = ""
    redress: str = (
        "The content provider and the hosting service provider may challenge this order before "
        "the competent court of the issuing State."
    )
    preservation_days: int = Field(default=180, ge=1, le=3650)


class SmtpSettings(_Strict):
    host: str = "127.0.0.1"
    port: int = Field(default=25, ge=1, le=65535)
    sender: str = "vigil@localhost"
    starttls: bool = False
    username: str | None = None
    password_env: str | None = None
    timeout_s: float = Field(default=10, gt=0, le=300)

    @property
    def password(self) -> str | None:
        return os.environ.get(self.password_env) if self.password_env else None


class EmailChannelConfig(_Strict):
    type: Literal["email"]
    to: str = Field(min_length=3)
    cc: tuple[str, ...] = ()


class WebhookChannelConfig(_Strict):
    type: Literal["webhook"]
    url: str = Field(pattern=r"^https?://")
    secret_env: str = Field(min_length=1, description="environment variable holding the HMAC secret")
    timeout_s: float = Field(default=10, gt=0, le=300)

    @property
    def secret(self) -> bytes:
        value = os.environ.get(self.secret_env)
        if not value:
            raise ConfigError(
                f"The webhook secret variable {self.secret_env!r} is not set. Export it before "
                "sending (the secret is shared with the platform)."
            )
        return value.encode()


class FileDropChannelConfig(_Strict):
    type: Literal["filedrop"]
    folder: str = Field(min_length=1)

    def path(self, home: Path) -> Path:
        """The folder; a relative one is inside the Vigil home."""
        folder = Path(self.folder)
        return folder if folder.is_absolute() else home / folder


ChannelConfig = Annotated[
    EmailChannelConfig | WebhookChannelConfig | FileDropChannelConfig, Field(discriminator="type")
]


class PlatformConfig(_Strict):
    name: str | None = None
    channel: ChannelConfig | None = None
    account_url: str | None = Field(default=None, description="URL template with {id}")
    offline_markers: tuple[str, ...] = ()
    online_markers: tuple[str, ...] = ()


class ReferralConfig(_Strict):
    authority: Authority = Authority()
    smtp: SmtpSettings = SmtpSettings()
    platforms: dict[str, PlatformConfig] = Field(default_factory=dict)
    source: str | None = None

    def platform(self, name: str) -> PlatformConfig:
        return self.platforms.get(name, PlatformConfig())

    def channel_for(self, platform: str) -> ChannelConfig:
        channel = self.platform(platform).channel
        if channel is None:
            where = self.source or CONFIG_NAME
            raise ConfigError(
                f"No channel is configured for platform {platform!r}. Add "
                f"'platforms: {{{platform}: {{channel: ...}}}}' to {where}."
            )
        return channel


def load(path: Path) -> ReferralConfig:
    """Read one config file; a missing file gives the defaults (no channels)."""
    if not path.exists():
        return ReferralConfig(source=str(path))
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        raise ConfigError(f"{path}{line}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: the top level must be a mapping (authority, smtp, platforms).")
    try:
        return ReferralConfig(**data, source=str(path))
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err["loc"])
        raise ConfigError(f"{path}: field {field!r}: {err['msg']}. Got {err.get('input')!r} instead.") from exc


def load_for(home: Path) -> ReferralConfig:
    return load(home / CONFIG_NAME)
