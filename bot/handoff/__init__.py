"""Handing a conversation over to staff of one of the three services, and back."""
