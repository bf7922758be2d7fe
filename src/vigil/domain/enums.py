"""Closed vocabularies.  Values are storage keys: never rename one once released."""

from __future__ import annotations

from enum import StrEnum


class Platform(StrEnum):
    FACEBOOK = "facebook"
    INSTAGRAM = "instagram"
    TIKTOK = "tiktok"
    X = "x"
    TELEGRAM = "telegram"
    WHATSAPP = "whatsapp"


class InteractionKind(StrEnum):
    REPLY = "reply"
    FORWARD = "forward"
    REPOST = "repost"
    QUOTE = "quote"
    MENTION = "mention"
    FOLLOW = "follow"
    MEMBER = "member"  # shared membership of a group or chat


class AliasQuality(StrEnum):
    """How much a match on this alias alone says.

    strong: names the organisation unambiguously (full name, original script).
    weak: ambiguous alone (short abbreviations, generic nicknames); needs context.
    former: a name the organisation no longer uses (f.k.a.).
    """

    STRONG = "strong"
    WEAK = "weak"
    FORMER = "former"


class CaseStatus(StrEnum):
    OPEN = "open"
    DECIDED = "decided"
    CLOSED = "closed"


class DecisionOutcome(StrEnum):
    LINK_PROVEN = "link_proven"
    NOT_PROVEN = "not_proven"
    EXEMPT = "exempt"  # journalism, research, counter-speech, human-rights documentation


class RequestKind(StrEnum):
    """Legal orders and terms-of-service referrals are different things, counted apart."""

    LEGAL_ORDER = "legal_order"
    TOS_REFERRAL = "tos_referral"


class RequestState(StrEnum):
    DRAFTED = "drafted"
    APPROVED = "approved"
    SENDING = "sending"
    SENT = "sent"
    ACKNOWLEDGED = "acknowledged"
    ACTIONED = "actioned"
    PARTIALLY_ACTIONED = "partially_actioned"
    REJECTED = "rejected"
    NO_RESPONSE = "no_response"

    @property
    def is_final(self) -> bool:
        return self in _FINAL


_FINAL = {
    RequestState.ACTIONED,
    RequestState.PARTIALLY_ACTIONED,
    RequestState.REJECTED,
    RequestState.NO_RESPONSE,
}

#: Which moves a removal request may make.  Anything else is refused with a StateError.
REQUEST_TRANSITIONS: dict[RequestState, frozenset[RequestState]] = {
    RequestState.DRAFTED: frozenset({RequestState.APPROVED}),
    RequestState.APPROVED: frozenset({RequestState.SENDING}),
    RequestState.SENDING: frozenset({RequestState.SENT, RequestState.APPROVED}),
    RequestState.SENT: frozenset(
        {
            RequestState.ACKNOWLEDGED,
            RequestState.ACTIONED,
            RequestState.PARTIALLY_ACTIONED,
            RequestState.REJECTED,
            RequestState.NO_RESPONSE,
        }
    ),
    RequestState.ACKNOWLEDGED: frozenset(
        {
            RequestState.ACTIONED,
            RequestState.PARTIALLY_ACTIONED,
            RequestState.REJECTED,
            RequestState.NO_RESPONSE,
        }
    ),
    # A late answer may still arrive after a request was marked unanswered.
    RequestState.NO_RESPONSE: frozenset(
        {RequestState.ACTIONED, RequestState.PARTIALLY_ACTIONED, RequestState.REJECTED}
    ),
    RequestState.ACTIONED: frozenset(),
    RequestState.PARTIALLY_ACTIONED: frozenset({RequestState.ACTIONED}),
    RequestState.REJECTED: frozenset(),
}


class ResponseOutcome(StrEnum):
    ACKNOWLEDGED = "acknowledged"
    REMOVED = "removed"
    GEO_BLOCKED = "geo_blocked"
    RESTRICTED = "restricted"
    PARTIALLY_ACTIONED = "partially_actioned"
    REJECTED = "rejected"
    NO_RESPONSE = "no_response"

    @property
    def is_action(self) -> bool:
        return self in {
            ResponseOutcome.REMOVED,
            ResponseOutcome.GEO_BLOCKED,
            ResponseOutcome.RESTRICTED,
        }
