# One image for every role of the Komm Mit assistant; the command picks the role:
#   docker run IMAGE rasa | actions | bot | migrate      (see deploy/role, docs/deployment.md)
FROM python:3.10-slim-bookworm

ENV PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 VENV=/app/.venv
WORKDIR /app

# Dependencies first (one pip resolve with rasa pinned, as in `make install`), so code
# changes do not reinstall them.
COPY pyproject.toml README.md ./
COPY bot/__init__.py bot/__init__.py
COPY actions/__init__.py actions/__init__.py
COPY rasa_ext/__init__.py rasa_ext/__init__.py
RUN python -m venv "$VENV" \
 && "$VENV/bin/pip" install --upgrade pip \
 && "$VENV/bin/pip" install -e . \
 && "$VENV/bin/pip" check

COPY . .
# Texts are compiled and the model is trained at build time (training is deterministic),
# so every replica of a release serves the same model and the same texts.
RUN "$VENV/bin/pybabel" compile -d locales -D messages \
 && "$VENV/bin/pybabel" compile -d locales -D staff \
 && deploy/role train --quiet

RUN useradd --system --uid 10001 --home /app kommmit && mkdir -p /app/var && chown -R kommmit /app/var && chmod 700 /app/var
USER kommmit
EXPOSE 5005 5055 8000
ENTRYPOINT ["deploy/role"]
CMD ["bot"]
