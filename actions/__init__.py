"""Custom actions of the Komm Mit assistant (served by `python -m bot.action_server`)."""

from bot.logs import json_inside_rasa

json_inside_rasa()  # JSON log lines in production (KOMM_MIT_LOG_FORMAT=json)
