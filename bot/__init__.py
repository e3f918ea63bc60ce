"""The Komm Mit service around Rasa: channels, language handling, response rendering."""
