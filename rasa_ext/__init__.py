"""Everything Rasa imports: channel, NLG client, tracker store and cleanup, tokenizer, patches.

Why apart from `bot/`: these modules run inside the Rasa process (loaded by
config.yml, endpoints.yml and credentials.yml), the web service never imports them.
"""
