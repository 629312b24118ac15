"""Plain data of a case file, after validation: parties, claims and dated events.

Times are aware datetimes in the debtor's time zone. An event given as a date alone is a *day*,
not midnight: `has_time` is False and only day-level checks (windows, intervals, holidays) look at
it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

EVENT_KINDS = (
    "appel", "email", "sms", "courrier", "lrar", "lre", "visite", "paiement", "promesse",
    "echeancier", "contestation", "opposition", "reponse", "conciliation", "mediation",
    "procedure_participative", "reconnaissance_de_dette", "injonction_de_payer", "assignation",
    "signification",
)
CONTACT_KINDS = ("appel", "email", "sms", "courrier", "lrar", "lre", "visite")
"""Events by which the creditor's side reaches someone about the debt."""
DEBTOR_KINDS = ("paiement", "promesse", "contestation", "opposition", "reconnaissance_de_dette")
"""Events that come from the debtor by default (`by: debiteur`)."""
COURT_KINDS = ("injonction_de_payer", "assignation")
"""Court claims (C. civ. 2241): they interrupt prescription and need the pre-litigation proofs."""
AMICABLE_ATTEMPT_KINDS = ("conciliation", "mediation", "procedure_participative")
"""Prior amicable attempts of CPC art. 750-1."""


@dataclass(frozen=True, slots=True)
class Party:
    name: str
    kind: str  # particulier | professionnel
    postal_code: str | None = None
    lawyer: str | None = None
    line: int = 0


@dataclass(frozen=True, slots=True)
class Claim:
    ref: str
    amount: Decimal
    issued: datetime.date
    due: datetime.date
    line: int = 0


@dataclass(frozen=True, slots=True)
class Installment:
    due: datetime.date
    amount: Decimal


@dataclass(frozen=True, slots=True)
class Event:
    index: int
    """Position of the event in the file (0-based); findings name it."""
    at: datetime.datetime
    """Aware, in the debtor's time zone; midnight local when `has_time` is False."""
    has_time: bool
    kind: str
    by: str
    to: str = "debiteur"
    stage: str | None = None  # relance | mise_en_demeure
    channel: str | None = None  # for an opposition: the channel the debtor refuses
    letter: str | None = None  # path of the letter, resolved against the case file's folder
    deadline_days: int | None = None
    received: datetime.date | None = None
    amount: Decimal | None = None  # a payment's amount
    installments: tuple[Installment, ...] = ()
    note: str = ""
    line: int = 0

    @property
    def day(self) -> datetime.date:
        return self.at.date()

    @property
    def is_contact(self) -> bool:
        """A contact made by the creditor's side (not the debtor's own acts, not court steps)."""
        return self.kind in CONTACT_KINDS and self.by != "debiteur"


@dataclass(frozen=True, slots=True)
class Case:
    path: str
    dossier: str
    creditor: Party
    debtor: Party
    agency: Party | None
    claims: tuple[Claim, ...]
    events: tuple[Event, ...]
    """Sorted by time, then by position in the file."""
    timezone: str
    line: int = 1

    @property
    def total_claimed(self) -> Decimal:
        return sum((c.amount for c in self.claims), Decimal("0"))

    def metadata(self) -> dict[str, str]:
        """What the JSON report shows of the case, next to its findings."""
        return {"dossier": self.dossier, "debtor": self.debtor.kind,
                "creditor": self.creditor.kind, "timezone": self.timezone,
                "agency": "oui" if self.agency else "non"}
