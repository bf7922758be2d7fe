from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).with_name("fixtures")


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def un_file(shared_data: Path) -> Path:
    return shared_data / "lists" / "un_consolidated_2020-03-20_pak_subset.xml"


@pytest.fixture
def ofac_rows(shared_data: Path) -> Path:
    return shared_data / "lists" / "ofac_sdn_2024-05-03_ttp_bla_rows.csv"
