"""The companies a tenant may see, kept between commands (autocomplete, lookups)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.companies import CompanyMatcher, MatchResult
    from bot.store import Store
    from bot.store.rows import StoriesMark


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
        from bot.companies import _fold, canonical

        ordered = tuple(dict.fromkeys(n for n in sorted(names) if n and n.strip()))
        by_fold: dict[str, str] = {}
        folded: dict[str, str] = {}
        for name in ordered:
            form = forms.get(name)
            if form is None:
                form = forms[name] = (_fold(name), _fold(canonical(name)))
            by_fold.setdefault(form[0], name)
            by_fold.setdefault(form[1], name)
            folded[name] = form[1]
        return cls(ordered, by_fold, folded)

    def match(self, query: str, matcher: CompanyMatcher) -> MatchResult:
        """`matcher.match(query, self.names)`, the same answer without refolding names."""
        return matcher.match_folded(query, self.by_fold, self.folded)


class CompanyIndex:
    """`KnownCompanies`, kept between commands and in step with the store.

    Listing the store's companies scans every story, and folding each name for the
    matcher costs as much again, so this keeps both. Each use asks the store only for
    the companies of stories stored or updated since its last look (index ranges over
    the newest ids and `updated` times): a company is found as soon as its first story
    is committed, by this process's pipeline or any other. Known companies only grow
    (stories are never deleted and keep their lead company), so that is all the list
    can miss; looking back `MARGIN` before the latest update covers transactions that
    commit out of order, and a rolling rescan covers clocks that step back: every story
    id is read again within `rescan_every` seconds, one slice of `SLICE_IDS` ids at a
    time, so no command pays for a full scan (seconds at 1M stories).
    """

    MARGIN = timedelta(minutes=10)
    SLICE_IDS = 20_000

    def __init__(
        self,
        store: Store,
        *,
        rescan_every: float = 3600.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self.rescan_every = rescan_every
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._forms: dict[str, tuple[str, str]] = {}
        self._names: frozenset[str] = frozenset()
        self._known = KnownCompanies.build((), self._forms)
        self._mark: StoriesMark | None = None
        self._scanned_at = 0.0  # when the last slice of the rolling rescan was read
        self._sweep_from = 0  # the next slice starts after this story id
        self._tenants: dict[str, tuple[KnownCompanies, frozenset[str], KnownCompanies]] = {}
        self._own: dict[str, tuple[StoriesMark | None, frozenset[str]]] = {}

    def current(self, tenant: str = "") -> KnownCompanies:
        """The companies `tenant` may see: the operator's stories', and its own stories'
        (read again only when the store changed since the last look)."""
        known = self._global()
        if not tenant:
            return known
        with self._lock:
            mark, seen = self._own.get(tenant, (None, frozenset()))
            current = self._mark
        if mark is None or mark != current:  # a story was stored or changed since
            seen = frozenset(self.store.known_companies(tenant=tenant))
            with self._lock:
                self._own[tenant] = (current, seen)
                while len(self._own) > 256:
                    self._own.pop(next(iter(self._own)))
        own = seen - self._names
        if not own:
            return known
        with self._lock:
            cached = self._tenants.get(tenant)
            if cached is None or cached[0] is not known or cached[1] != own:
                union = KnownCompanies.build(known.names + tuple(own), self._forms)
                cached = self._tenants[tenant] = (known, own, union)
                while len(self._tenants) > 256:
                    self._tenants.pop(next(iter(self._tenants)))
            return cached[2]

    def _global(self) -> KnownCompanies:
        with self._lock:
            now = self._monotonic()
            if self._mark is None:
                # The mark first: whatever is committed during the scan is asked for again.
                mark = self.store.stories_mark()
                names = frozenset(self.store.known_companies())
                self._scanned_at = now
            else:
                new, mark = self.store.companies_since(self._mark, self.MARGIN)
                names = self._names | new
                slices = max(1, -(-mark.max_id // self.SLICE_IDS))
                if now - self._scanned_at >= self.rescan_every / slices:
                    end = min(self._sweep_from + self.SLICE_IDS, mark.max_id)
                    names |= self.store.companies_in_id_range(self._sweep_from, end)
                    self._sweep_from = 0 if end >= mark.max_id else end
                    self._scanned_at = now
            self._mark = mark
            if names != self._names:
                self._names = names
                self._known = KnownCompanies.build(names, self._forms)
            return self._known
