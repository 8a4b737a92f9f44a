FROM python:3.11-slim

# CJK fonts for briefing charts and .docx drafts (AR PL UKai stands in for 楷体); build tools
RUN apt-get update \
    && apt-get install -y --no-install-recommends fontconfig fonts-noto-cjk fonts-arphic-ukai make \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY knowledge ./knowledge
COPY retrieval ./retrieval
COPY drafting ./drafting
# torch first, pinned, so nothing pulls a CUDA build
RUN pip install --no-cache-dir torch==2.13.0 --extra-index-url https://download.pytorch.org/whl/cpu \
    && pip install --no-cache-dir .

ENV SAFETYBOT_DATA_DIR=/data PYTHONUNBUFFERED=1
VOLUME ["/data"]
# webhook mode only (SAFETYBOT_WEBHOOK_URL); long polling needs no open port
EXPOSE 8443
CMD ["safetybot", "start"]
