"""Conversation tests through the chat API against the running assistant (issue 16).

Each file starts its own stack (module scope, the fixture of tests/test_stack.py) and
talks to it as newcomers write: German office words, greetings with a question,
corrections, follow-ups, bookings in free text, repeats, transliteration. The tests
assert what the person sees: the language and script of the reply, a distinctive
fact of the right answer, the buttons and their payloads.
"""

from tests.test_stack import stack

__all__ = ["stack"]
