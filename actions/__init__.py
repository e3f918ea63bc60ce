"""Custom actions of the Komm Mit assistant (served by `rasa run actions`)."""
