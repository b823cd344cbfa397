"""Names vulture (`make lint`) takes for dead code that are part of an interface.

Each is a parameter a caller passes by contract: slack_sdk calls
`connect_to_new_endpoint(force=...)`, and `__aexit__` receives the exception type.
"""

force  # adapters/slack/socket.py: SocketModeClient.connect_to_new_endpoint's parameter
exc_type  # feeds/fetch.py: Fetcher.__aexit__
