"""The staff console under `/staff`, one module per concern.

routes.py mounts every route; auth.py: session cookie, CSRF, logging in and out;
http.py: body limits, polite refusals, pages and the console's headers; queue.py and
conversation.py: the pages and what staff do with a conversation; rows.py: what those
pages, the JSON and stream.py's live updates show; accounts.py: accounts and sessions
(storage); throttle.py: failed-login throttling; ui.py and templates/: texts and pages;
cli.py: `python -m bot staff ...`.
"""
