"""vigil collect: live collectors (X API v2, Telegram).  Each run resumes from its checkpoint."""

from __future__ import annotations

import asyncio
from pathlib import Path

import typer

from vigil.cli._common import HomeOption, JsonOption, console, handle_errors, open_vigil, print_json
from vigil.errors import ConfigError
from vigil.ingest.stage import IngestSummary

collect_app = typer.Typer(
    help="Collect from live platform APIs; every run resumes from its checkpoint.",
    no_args_is_help=True,
)
TokenOption = typer.Option(..., "--bearer-token", envvar="VIGIL_X_BEARER_TOKEN", help="X API bearer token.")
PagesOption = typer.Option(None, "--max-pages", help="Stop after this many pages.")
ApiOption = typer.Option("https://api.x.com/2", "--api", envvar="VIGIL_X_API", help="X API base URL.")


@collect_app.command("x-search")
@handle_errors
def x_search(
    query: str = typer.Argument(..., help="X search query, e.g. '\"Umar Media\" -is:retweet'."),
    bearer_token: str = TokenOption,
    max_pages: int | None = PagesOption,
    api: str = ApiOption,
    home: Path | None = HomeOption,
    as_json: bool = JsonOption,
) -> None:
    """Collect posts of the last seven days matching QUERY (X API v2 recent search)."""
    from vigil.ingest.collectors import XRecentSearch, run_collector

    collector = XRecentSearch(query, bearer_token=bearer_token, base_url=api, max_pages=max_pages)
    _print(run_collector(open_vigil(home), collector), as_json)


@collect_app.command("x-timeline")
@handle_errors
def x_timeline(
    user_id: str = typer.Argument(..., help="Numeric X user id."),
    bearer_token: str = TokenOption,
    max_pages: int | None = PagesOption,
    api: str = ApiOption,
    home: Path | None = HomeOption,
    as_json: bool = JsonOption,
) -> None:
    """Collect the posts of one X user (X API v2 user timeline)."""
    from vigil.ingest.collectors import XUserTimeline, run_collector

    collector = XUserTimeline(user_id, bearer_token=bearer_token, base_url=api, max_pages=max_pages)
    _print(run_collector(open_vigil(home), collector), as_json)


@collect_app.command("telegram")
@handle_errors
def telegram(
    channel: str = typer.Argument(..., help="Channel username or t.me link."),
    session: Path = typer.Option(
        ..., "--session", envvar="VIGIL_TELEGRAM_SESSION", help="Authorised Telethon session."
    ),
    api_id: int = typer.Option(..., "--api-id", envvar="VIGIL_TELEGRAM_API_ID"),
    api_hash: str = typer.Option(..., "--api-hash", envvar="VIGIL_TELEGRAM_API_HASH"),
    max_messages: int | None = typer.Option(None, "--max-messages"),
    home: Path | None = HomeOption,
    as_json: bool = JsonOption,
) -> None:
    """Collect a public Telegram channel's messages, oldest first, through Telethon."""
    from telethon import TelegramClient

    from vigil.ingest.collectors import TelegramChannel, run_collector

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    client = TelegramClient(str(session), api_id, api_hash, loop=loop)
    loop.run_until_complete(client.connect())
    try:
        if not loop.run_until_complete(client.is_user_authorized()):
            raise ConfigError(
                f"Telegram session {session} is not authorised; log it in once with Telethon "
                "(see docs/ingest.md, 'Telegram session')"
            )
        collector = TelegramChannel(channel, client, max_messages=max_messages)
        _print(run_collector(open_vigil(home), collector), as_json)
    finally:
        loop.run_until_complete(client.disconnect())


def _print(summary: IngestSummary, as_json: bool) -> None:
    if as_json:
        print_json(summary.to_dict())
    else:
        console.print(
            f"read {summary.read}, imported {summary.imported}, updated {summary.updated}, "
            f"duplicate {summary.duplicates}, rejected {summary.rejected}",
            highlight=False,
        )
