"""The web side of `bot/`: the aiohttp app, its server, the chat, events and appointments API,
and what guards every route (origins, security headers, signed web ids, rate limits).
"""
