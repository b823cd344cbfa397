"""Chat platforms: each module turns platform events into core commands and core messages into platform messages."""
