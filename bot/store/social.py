"""Placeholder: subscriptions, digests, deliveries and leases (being written)."""


class SocialMixin:
    pass
