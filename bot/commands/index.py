"""The companies a tenant may see, kept between commands (autocomplete, lookups)."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.companies import CompanyMatcher, MatchResult
    from bot.store import Store


def typed_first(names: Iterable[str], typed: str) -> list[str]:
    """The names holding `typed`, in the order a user scanning autocomplete looks for:
    those starting with it, then those with a word starting with it ('ai': Scale AI),
    then those merely containing it (OpenAI); each group in alphabetical order, case
    ignored. Typed full-width ('ＡＩ') it is read as its plain letters, as commands are.
    A server's own companies came after the operator's whatever they started with, and
    'eBay' after 'Zoom' (names sorted by code point)."""
    from bot.commands.spec import folded_width

    low = folded_width(typed).strip().casefold()
    if not low:
        return sorted(names, key=str.casefold)
    word = re.compile(r"(?:^|[\W_])" + re.escape(low))
    ranked = []
    for name in names:
        folded = name.casefold()
        if low in folded:
            tier = 0 if folded.startswith(low) else 1 if word.search(folded) else 2
            ranked.append((tier, folded, name))
    return [name for _, _, name in sorted(ranked)]


@dataclass(frozen=True)
class KnownCompanies:
    """The companies the store knows (sorted) with the folded forms `CompanyMatcher`
    compares, computed once per name instead of once per name and lookup."""

    names: tuple[str, ...]
    by_fold: dict[str, str]
    folded: dict[str, str]

    @classmethod
    def build(cls, names: Iterable[str], forms: dict[str, tuple[str, str]]) -> KnownCompanies:
        """`forms` caches (fold(name), fold(canonical(name))) across builds."""
        from bot.companies import _fold, canonical, shown_name

        # A former name is offered and answered as the company users know ('Twitter' as
        # 'X'): `subscribe twitter` follows the name its alerts will carry.
        ordered = tuple(dict.fromkeys(shown_name(n) for n in sorted(names) if n and n.strip()))
        by_fold: dict[str, str] = {}
        folded: dict[str, str] = {}
        for name in ordered:
            form = forms.get(name)
            if form is None:
                form = forms[name] = (_fold(name), _fold(canonical(name)))
            by_fold.setdefault(form[0], name)
            folded[name] = form[1]
        # A name's own spelling first, then its parent's: 'microsoft' is Microsoft, not
        # LinkedIn (a unit of Microsoft's, first in order), which `/layoffs microsoft`
        # answered with Microsoft's stories under LinkedIn's name (trial 14).
        for name in ordered:
            by_fold.setdefault(forms[name][1], name)
        return cls(ordered, by_fold, folded)

    def match(self, query: str, matcher: CompanyMatcher) -> MatchResult:
        """`matcher.match(query, self.names)`, the same answer without refolding names."""
        return matcher.match_folded(query, self.by_fold, self.folded)


class CompanyIndex:
    """`KnownCompanies`, kept between commands and in step with the store.

    The store lists each tenant's lead companies once in `company_names`, kept by the
    database as stories are filed (bot/store/rollup.py), with an increasing id. Each use
    asks only for the names after the last id it saw (a primary-key range, usually
    empty), so a company is found as soon as its first story is committed, by this
    process's pipeline or any other, and folding names for the matcher is done once per
    name. On PostgreSQL ids are drawn before commit, so a transaction that commits late
    can land below the last id seen: the whole list (a few thousand names, not the
    stories) is read again every `rescan_every` seconds.
    """

    def __init__(
        self,
        store: Store,
        *,
        rescan_every: float = 300.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self.rescan_every = rescan_every
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._forms: dict[str, tuple[str, str]] = {}
        # Per tenant ('' the operator's): the last id read, when the whole list was last
        # read, and the names.
        self._seen: dict[str, tuple[int, float, frozenset[str]]] = {}
        self._known = KnownCompanies((), {}, {})  # build(()) without importing bot.companies
        self._tenants: dict[str, tuple[KnownCompanies, frozenset[str], KnownCompanies]] = {}

    def current(self, tenant: str = "") -> KnownCompanies:
        """The companies `tenant` may see: the operator's stories', and its own stories'."""
        with self._lock:
            changed = self._read(("", tenant) if tenant else ("",))
            names = self._seen[""][2]
            if changed[""]:
                self._known = KnownCompanies.build(names, self._forms)
            known = self._known
            if not tenant:
                return known
            own = self._seen[tenant][2] - names
            if not own:
                return known
            cached = self._tenants.get(tenant)
            if cached is None or cached[0] is not known or cached[1] != own:
                union = KnownCompanies.build(known.names + tuple(own), self._forms)
                cached = self._tenants[tenant] = (known, own, union)
                while len(self._tenants) > 256:
                    self._tenants.pop(next(iter(self._tenants)))
            return cached[2]

    def _read(self, tenants: tuple[str, ...]) -> dict[str, bool]:
        """Bring these tenants' names up to date (one store call); which ones changed."""
        now = self._monotonic()
        after: dict[str, int] = {}
        for tenant in tenants:
            seen = self._seen.get(tenant)
            whole = seen is None or now - seen[1] >= self.rescan_every
            after[tenant] = 0 if whole or seen is None else seen[0]
        found, top = self.store.company_names_after(after)
        changed: dict[str, bool] = {}
        for tenant in tenants:
            seen = self._seen.pop(tenant, None)  # re-inserted last: the newest is kept
            old = frozenset() if seen is None else seen[2]
            read_at = now if seen is None or after[tenant] == 0 else seen[1]
            names = old.union(found[tenant]) if found[tenant] else old
            self._seen[tenant] = (top, read_at, names)
            changed[tenant] = names != old
        while len(self._seen) > 257:
            self._seen.pop(next(k for k in self._seen if k))
        return changed
