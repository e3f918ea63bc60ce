"""The conversation itself: greeting, help, languages, not understanding, goodbye.

Why apart from the topics: these answers belong to no service; they steer the
conversation (and the fallback texts are uttered only by action_handle_fallback).
"""

from __future__ import annotations

from bot.content import referrals
from bot.language.supported import NATIVE_NAMES, SUPPORTED
from bot.language.switch import PREVIOUS
from bot.texts.common import service_buttons
from bot.texts.reply import Button, Context, Renderer, Reply, payload


def greet(ctx: Context) -> Reply:
    _ = ctx._
    text = _(
        "Hello! I am the Komm Mit assistant of the Landkreis Osnabrück. I answer questions "
        "about the three services in the Kreishaus: the foreigners' office, the "
        "Migrationszentrum and the integration commissioner. What can I help you with?"
    )
    return Reply(
        text, [*service_buttons(ctx), Button(_("Change language"), payload("change_language"))]
    )


def goodbye(ctx: Context) -> Reply:
    return Reply(ctx._("Goodbye and all the best! You can write to me again at any time."))


def you_are_welcome(ctx: Context) -> Reply:
    return Reply(ctx._("You're welcome! Is there anything else I can help you with?"))


def anything_else(ctx: Context) -> Reply:
    return Reply(ctx._("All right. What else can I help you with?"), service_buttons(ctx))


def bot_challenge(ctx: Context) -> Reply:
    _ = ctx._
    text = _(
        "I am an automated assistant (a chatbot), not a person. I give general information "
        "and show you where to go. If you would like to talk to a person, tell me."
    )
    return Reply(text, [Button(_("Talk to a person"), payload("request_human"))])


def help_(ctx: Context) -> Reply:
    _ = ctx._
    text = _(
        "Write your question in your own words and in your own language, for example "
        '"I need an appointment" or "How do I extend my residence permit?". I tell you '
        "which service is responsible, what to bring and where to go. To change the "
        "language, write /language."
    )
    return Reply(
        text,
        [
            Button(_("All services"), payload("ask_services_overview")),
            Button(_("Change language"), payload("change_language")),
            Button(_("Talk to a person"), payload("request_human")),
        ],
    )


def language_buttons() -> list[Button]:
    """The supported languages by their native names, each switching the chat to it."""
    return [
        Button(NATIVE_NAMES[code], payload("change_language", language=code)) for code in SUPPORTED
    ]


def choose_language(ctx: Context) -> Reply:
    return Reply(ctx._("Which language would you like me to use?"), language_buttons())


def language_changed(ctx: Context) -> Reply:
    _ = ctx._
    if ctx.entities.get("language") == PREVIOUS and ctx.slots.get("previous_language") is None:
        # "wie vorher bitte" with no earlier language in this chat: the menu, politely.
        return Reply(
            _(
                "So far we have only written in this language. "
                "Which language would you like me to use?"
            ),
            language_buttons(),
        )
    if ctx.entities.get("language") not in (*NATIVE_NAMES, PREVIOUS):  # "speak French?"
        return Reply(
            _("Sorry, I cannot write in that language. Please choose one of these:"),
            language_buttons(),
        )
    return Reply(
        _("Okay, from now on I will write in English. How can I help you?"),
        service_buttons(ctx),
    )


def out_of_scope(ctx: Context) -> Reply:
    """A question for someone else gets who that is (the referral directory), not only
    "I can't": the migration advice services help with everything else."""
    adults, young = referrals()["caritas_migration_advice"], referrals()["youth_migration_service"]
    text = ctx._(
        "I can answer questions about the foreigners' office, the Migrationszentrum and the "
        "integration commissioner of the Landkreis Osnabrück. For other questions – for "
        "example housing, health, school or everyday life – free migration advice services "
        "help you, whatever your status: for adults the migration advice (MBE), for example "
        "{adults} ({adults_url}); for young people from 12 to 27 the "
        "Jugendmigrationsdienst (JMD), to find one near you: {young_url}",
        adults=adults.name,
        adults_url=adults.url or "",
        young_url=young.url or "",
    )
    return Reply(text, service_buttons(ctx))


def default(ctx: Context) -> Reply:
    return Reply(
        ctx._(
            "Sorry, I did not understand that. Could you say it in other words? For example: "
            '"I need an appointment" or "Where is the foreigners\' office?"'
        )
    )


def fallback_offer(ctx: Context) -> Reply:
    _ = ctx._
    return Reply(
        _(
            "I'm sorry, I still did not understand you. Shall I pass you to a staff member? "
            "You can also book an appointment."
        ),
        [
            Button(_("Yes, talk to a person"), payload("affirm")),
            Button(_("Book an appointment"), payload("book_appointment")),
        ],
    )


RENDERERS: dict[str, Renderer] = {
    "utter_greet": greet,
    "utter_goodbye": goodbye,
    "utter_you_are_welcome": you_are_welcome,
    "utter_anything_else": anything_else,
    "utter_bot_challenge": bot_challenge,
    "utter_help": help_,
    "utter_choose_language": choose_language,
    "utter_language_changed": language_changed,
    "utter_out_of_scope": out_of_scope,
    "utter_default": default,
    "utter_fallback_offer": fallback_offer,
}
