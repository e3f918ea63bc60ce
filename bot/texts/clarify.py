"""Asking instead of guessing: "Do you mean …?" and "what is still missing?".

Why apart from the topics: these replies belong to no topic; they name other answers
by a short label each (one table, `INTENT_LABELS`), and are uttered only by actions
(actions/clarify.py) that decide the model was unsure, a destructive request was not
clear, or the same answer would come twice in a row. A message with several parts gets
one short line back for its greeting or thanks and one button for its second need.
"""

from __future__ import annotations

from bot.texts.labels import N_
from bot.texts.reply import Button, Context, Renderer, Reply, payload

# The short label of every intent a "Do you mean …?" button may send (reused msgids
# where a button already says the same). Intents missing here are never offered.
INTENT_LABELS: dict[str, str] = {
    "ask_services_overview": N_("All services"),
    "ask_location": N_("Where is it?"),
    "ask_opening_hours": N_("Opening hours"),
    "ask_contact": N_("Phone and e-mail"),
    "ask_residence_permit": N_("Residence permit"),
    "ask_work_permit": N_("Work permit"),
    "ask_temporary_protection": N_("Ukraine: protection"),
    "ask_family_reunification": N_("Family reunification"),
    "ask_naturalization": N_("Naturalisation"),
    "ask_required_documents": N_("What to bring"),
    "ask_job_search": N_("Find a job"),
    "ask_recognition": N_("Recognition of qualifications"),
    "ask_language_course": N_("German courses"),
    "ask_apprenticeship": N_("Apprenticeship"),
    "ask_job_fair": N_("Job fair"),
    "ask_benefits": N_("Questions about benefits"),
    "ask_integration_commissioner": N_("About the commissioner"),
    "ask_volunteering": N_("Volunteering"),
    "ask_events": N_("Events"),
    "ask_discrimination": N_("Discrimination"),
    "ask_interpreter": N_("Interpreter"),
    "book_appointment": N_("Book an appointment"),
    "show_appointments": N_("My appointments"),
    "move_appointment": N_("Move an appointment"),
    "cancel_appointment": N_("Cancel an appointment"),
    "delete_my_data": N_("Delete my data"),
    "change_language": N_("Change language"),
}


def person_button(ctx: Context) -> Button:
    service = ctx.service()
    human = payload("request_human", service=service) if service else payload("request_human")
    return Button(ctx._("Talk to a person"), human)


def clarify(ctx: Context) -> Reply:
    """Arguments: `intents`, up to three candidates, best first (others are skipped)."""
    _ = ctx._
    candidates = [str(i) for i in ctx.arguments.get("intents") or [] if i in INTENT_LABELS]
    buttons = [Button(_(INTENT_LABELS[i]), payload(i)) for i in candidates[:3]]
    return Reply(
        _("I am not sure I understood you. Do you mean one of these?"),
        [*buttons, person_button(ctx)],
    )


def not_again(ctx: Context) -> Reply:
    """Instead of the same answer twice in a row."""
    _ = ctx._
    service = ctx.service()
    book = payload("book_appointment", service=service) if service else payload("book_appointment")
    return Reply(
        _(
            "That is all I know about this, and I have just written it above. What is "
            "still missing? Tell me in other words, or talk to a person."
        ),
        [
            person_button(ctx),
            Button(_("Book an appointment"), book),
            Button(_("All services"), payload("ask_services_overview")),
        ],
    )


# What one may still want to know about the topic just answered (follow-ups answer for
# the conversation's topic, see actions/context.py).
SUB_QUESTIONS = ("ask_required_documents", "ask_location", "ask_opening_hours")


def what_is_missing(ctx: Context) -> Reply:
    """After a correction onto the topic just answered ("no, I mean the permit"): not the same
    answer again and no "I have just written it", but a short question what is missing.

    Arguments: `topic`, the topic intent answered; `rivals`, other needs the model saw
    (at most two, as buttons before the topic's own questions)."""
    _ = ctx._
    topic = str(ctx.arguments.get("topic") or "")
    rivals = [str(i) for i in ctx.arguments.get("rivals") or [] if i in INTENT_LABELS][:2]
    asks = [i for i in (*rivals, *SUB_QUESTIONS) if i != topic]
    buttons = [Button(_(INTENT_LABELS[i]), payload(i)) for i in asks]
    if topic in INTENT_LABELS:
        text = _(
            "What exactly would you like to know about “{topic}”? Choose below or tell me "
            "in other words.",
            topic=_(INTENT_LABELS[topic]),
        )
    else:
        text = _("What exactly would you like to know? Choose below or tell me in other words.")
    return Reply(text, [*buttons, person_button(ctx)])


def greet_back(ctx: Context) -> Reply:
    """One short line before the answer when the message greeted (never the welcome text)."""
    return Reply(ctx._("Hello!"))


def thanks_back(ctx: Context) -> Reply:
    """One short line before the answer when the message thanked."""
    return Reply(ctx._("You're welcome!"))


def also_asked(ctx: Context) -> Reply:
    """Arguments: `intent`, the second need of the message; one button that asks it."""
    _ = ctx._
    intent = str(ctx.arguments.get("intent") or "")
    buttons = [Button(_(INTENT_LABELS[intent]), payload(intent))] if intent in INTENT_LABELS else []
    return Reply(_("You also asked about this:"), buttons)


RENDERERS: dict[str, Renderer] = {
    "utter_clarify": clarify,
    "utter_not_again": not_again,
    "utter_what_is_missing": what_is_missing,
    "utter_greet_back": greet_back,
    "utter_thanks_back": thanks_back,
    "utter_also_asked": also_asked,
}
