"""Appointments: the calendar (when), the store (who booked what), and their helpers.

Why a package: the action server books, `bot/` renders and serves calendar files,
and the staff command line prints agendas; all three share these modules.
"""
