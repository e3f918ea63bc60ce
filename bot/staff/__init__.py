"""The staff console under `/staff`: accounts, sessions, queues, replies."""
