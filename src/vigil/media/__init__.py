"""Media matching: hashing (PDQ, vPDQ, MD5, SHA-256), hash banks, the PDQ index, exchange."""

from vigil.media.banks import (
    Bank,
    BankEntry,
    NewEntry,
    add_entries,
    bank_entries,
    create_bank,
    get_bank,
    is_blurred,
    list_banks,
    set_status,
)
from vigil.media.hashing import MediaHashes, hash_file
from vigil.media.matching import BankMatcher, Match, MediaMatches, match_files
from vigil.media.pdq_index import PDQIndex

__all__ = [
    "Bank",
    "BankEntry",
    "BankMatcher",
    "Match",
    "MediaHashes",
    "MediaMatches",
    "NewEntry",
    "PDQIndex",
    "add_entries",
    "bank_entries",
    "create_bank",
    "get_bank",
    "hash_file",
    "is_blurred",
    "list_banks",
    "match_files",
    "set_status",
]
