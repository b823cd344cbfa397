"""Slack adapter: slack-bolt AsyncApp (Socket Mode or HTTP) and Block Kit rendering.

slack_bolt and slack_sdk are imported only inside this package.
"""

from adapters.slack.adapter import SlackAdapter
from adapters.slack.translate import fallback_text, render, render_messages

__all__ = ["SlackAdapter", "fallback_text", "render", "render_messages"]
