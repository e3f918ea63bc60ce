"""Custom actions of the Komm Mit assistant (served by `python -m rasa_sdk --actions actions`)."""

from bot.logs import json_inside_rasa

json_inside_rasa()  # JSON log lines in production (KOMM_MIT_LOG_FORMAT=json)
