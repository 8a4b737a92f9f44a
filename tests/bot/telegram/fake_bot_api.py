"""A fake Telegram Bot API server on 127.0.0.1 (aiohttp), for end-to-end tests and the load benchmark.

The real python-telegram-bot Application talks to it over HTTP (ApplicationBuilder.base_url). It queues
updates for getUpdates (long polling with Telegram's offset semantics: nothing is lost when a poll is
cancelled), pushes them to a registered webhook instead when asked, serves uploaded files from its file
endpoint, and records every call with its parameters so that tests can assert exactly what the bot sent.
It answers like Telegram does for the methods the bot uses; it is a fake, not a validator.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import ClientSession, web

TOKEN = "123456:TEST-TOKEN"
BOT_USER = {"id": 123456, "is_bot": True, "first_name": "安全生产助手", "username": "safetybot_test_bot"}
_JSON_FIELDS = {"reply_markup", "reply_parameters", "commands", "scope", "link_preview_options", "allowed_updates"}


@dataclass
class Call:
    """One request the bot made: method name and parameters (form values decoded, JSON fields parsed)."""

    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.monotonic)

    @property
    def chat_id(self) -> int | None:
        value = self.params.get("chat_id")
        return int(value) if value is not None else None

    @property
    def text(self) -> str:
        return str(self.params.get("text") or self.params.get("caption") or "")

    def buttons(self) -> list[tuple[str, str]]:
        """(label, callback_data) of the inline keyboard sent with this call."""
        markup = self.params.get("reply_markup") or {}
        return [(b.get("text", ""), b.get("callback_data", "")) for row in markup.get("inline_keyboard", [])
                for b in row]  # fmt: skip


class FakeBotApi:
    def __init__(self, token: str = TOKEN) -> None:
        self.token = token
        self.calls: list[Call] = []
        self.updates: list[dict[str, Any]] = []
        self.files: dict[str, tuple[str, bytes]] = {}
        self.messages: dict[int, dict[str, Any]] = {}  # every message the bot sent, by message_id
        self.webhook: dict[str, Any] | None = None
        self.failures: dict[str, int] = {}  # method -> how many next calls fail (connection dropped)
        self.handlers: dict[str, Callable[[dict[str, Any]], Any]] = {}  # custom answers per method
        self.listeners: list[Callable[[Call], None]] = []  # told of every call as it is recorded
        self.delivered = 0  # highest update_id handed out by getUpdates or posted to the webhook
        self.confirmed = 0  # updates up to this id were confirmed (a later getUpdates offset passed them)
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self._new_update = asyncio.Condition()
        self._chats: dict[int, dict[str, Any]] = {}
        self._runner: web.AppRunner | None = None
        self._closing = False
        self.port = 0

    # -- server ----------------------------------------------------------------------------------
    async def start(self) -> str:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._file)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self.base_url

    @property
    def base_url(self) -> str:
        """What SAFETYBOT_TELEGRAM_BASE_URL points at: /bot… and /file/bot… hang below it."""
        return f"http://127.0.0.1:{self.port}"

    async def stop(self) -> None:
        async with self._new_update:  # end pending long polls now, not at their timeout
            self._closing = True
            self._new_update.notify_all()
        if self._runner is not None:
            await self._runner.cleanup()

    async def _params(self, request: web.Request) -> dict[str, Any]:
        params: dict[str, Any] = dict(request.query)
        if request.content_type == "application/json":
            params.update(await request.json())
        elif request.can_read_body:
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, web.FileField):
                    params[key] = {"filename": value.filename, "data": value.file.read()}
                else:
                    params[key] = value
        for key in _JSON_FIELDS & params.keys():
            if isinstance(params[key], str):
                params[key] = json.loads(params[key])
        return params

    async def _api(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        method = request.match_info["method"]
        params = await self._params(request)
        if self.failures.get(method):
            self.failures[method] -= 1
            self.calls.append(Call(f"{method}!failed", params))
            assert request.transport is not None
            request.transport.close()  # the client sees a dropped connection: a network error
            return web.Response()
        if method != "getUpdates":
            call = Call(method, params)
            self.calls.append(call)
            for listener in self.listeners:
                listener(call)
        handler = self.handlers.get(method) or getattr(self, f"_m_{method}", None)
        if handler is None:
            return web.json_response({"ok": True, "result": True})
        result = handler(params)
        if asyncio.iscoroutine(result):
            result = await result
        if isinstance(result, web.Response):
            return result
        return web.json_response({"ok": True, "result": result})

    async def _file(self, request: web.Request) -> web.Response:
        path = request.match_info["path"]
        for name, data in self.files.values():
            if path.endswith(name):
                return web.Response(body=data)
        return web.Response(status=404)

    # -- Bot API methods ---------------------------------------------------------------------------
    def _m_getMe(self, params: dict[str, Any]) -> dict[str, Any]:
        return {**BOT_USER, "can_join_groups": True, "can_read_all_group_messages": False,
                "supports_inline_queries": False}  # fmt: skip

    async def _m_getUpdates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        self.confirmed = max(self.confirmed, offset - 1)
        offset = max(offset, self.confirmed + 1)
        timeout = float(params.get("timeout") or 0)
        deadline = time.monotonic() + timeout
        async with self._new_update:
            while True:
                pending = [u for u in self.updates if u["update_id"] >= offset]
                left = deadline - time.monotonic()
                if pending or left <= 0 or self.webhook or self._closing:
                    batch = pending[: int(params.get("limit") or 100)]
                    if batch:
                        self.delivered = max(self.delivered, batch[-1]["update_id"])
                    return batch
                try:
                    await asyncio.wait_for(self._new_update.wait(), left)
                except TimeoutError:
                    pass

    def _m_setWebhook(self, params: dict[str, Any]) -> bool:
        self.webhook = {"url": params["url"], "secret_token": params.get("secret_token")}
        return True

    def _m_deleteWebhook(self, params: dict[str, Any]) -> bool:
        self.webhook = None
        return True

    def _message(self, params: dict[str, Any], **content: Any) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        message = {"message_id": next(self._message_ids), "date": int(time.time()), "from": BOT_USER,
                   "chat": self._chats.get(chat_id, {"id": chat_id, "type": "private"}), **content}  # fmt: skip
        if "reply_markup" in params:
            message["reply_markup"] = params["reply_markup"]
        self.messages[message["message_id"]] = message
        return message

    def _m_sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._message(params, text=params["text"])

    def _m_sendDocument(self, params: dict[str, Any]) -> dict[str, Any]:
        upload = params.get("document") or {}
        doc = {"file_id": f"sent-{len(self.messages)}", "file_unique_id": f"u{len(self.messages)}",
               "file_name": upload.get("filename"), "file_size": len(upload.get("data") or b"")}  # fmt: skip
        return self._message(params, document=doc, caption=params.get("caption"))

    def _m_sendPhoto(self, params: dict[str, Any]) -> dict[str, Any]:
        size = len((params.get("photo") or {}).get("data") or b"")
        photo = [{"file_id": f"photo-{len(self.messages)}", "file_unique_id": "p", "width": 800, "height": 500,
                  "file_size": size}]  # fmt: skip
        return self._message(params, photo=photo, caption=params.get("caption"))

    def _m_editMessageText(self, params: dict[str, Any]) -> dict[str, Any]:
        message = self.messages[int(params["message_id"])]
        message["text"] = params["text"]
        message.pop("reply_markup", None)
        if "reply_markup" in params:
            message["reply_markup"] = params["reply_markup"]
        return message

    def _m_editMessageReplyMarkup(self, params: dict[str, Any]) -> dict[str, Any]:
        message = self.messages[int(params["message_id"])]
        message.pop("reply_markup", None)
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        return message

    def _m_getFile(self, params: dict[str, Any]) -> dict[str, Any]:
        file_id = params["file_id"]
        name, data = self.files[file_id]
        return {"file_id": file_id, "file_unique_id": f"u-{file_id}", "file_size": len(data),
                "file_path": f"documents/{file_id}/{name}"}  # fmt: skip

    # -- sending updates in ------------------------------------------------------------------------
    @staticmethod
    def user(user_id: int, first_name: str = "用户") -> dict[str, Any]:
        return {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": "zh-hans"}

    def chat(self, chat_id: int, chat_type: str = "private", title: str | None = None) -> dict[str, Any]:
        chat: dict[str, Any] = {"id": chat_id, "type": chat_type}
        if title:
            chat["title"] = title
        self._chats[chat_id] = chat
        return chat

    async def push(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Queue an update (getUpdates) or, when a webhook is set, POST it there as Telegram would."""
        update = {"update_id": next(self._update_ids), **payload}
        if self.webhook:
            headers = {}
            if self.webhook.get("secret_token"):
                headers["X-Telegram-Bot-Api-Secret-Token"] = self.webhook["secret_token"]
            async with ClientSession() as session, session.post(self.webhook["url"], json=update,
                                                                headers=headers) as response:  # fmt: skip
                assert response.status == 200, await response.text()
            self.delivered = max(self.delivered, update["update_id"])
            return update
        async with self._new_update:
            self.updates.append(update)
            self._new_update.notify_all()
        return update

    def _incoming(self, user_id: int, chat_id: int | None, chat_type: str, title: str | None,
                  **content: Any) -> dict[str, Any]:  # fmt: skip
        chat = self.chat(chat_id if chat_id is not None else user_id, chat_type, title)
        return {"message_id": next(self._message_ids), "date": int(time.time()), "from": self.user(user_id),
                "chat": chat, **content}  # fmt: skip

    async def send_text(self, user_id: int, text: str, *, chat_id: int | None = None, chat_type: str = "private",
                        title: str | None = None) -> dict[str, Any]:  # fmt: skip
        """A user writes `text` (a /command gets its bot_command entity, as Telegram adds it)."""
        content: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            length = len(text.split()[0])
            content["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        return await self.push({"message": self._incoming(user_id, chat_id, chat_type, title, **content)})

    async def send_document(self, user_id: int, file_name: str, data: bytes, *, caption: str | None = None,
                            chat_id: int | None = None, file_size: int | None = None) -> dict[str, Any]:  # fmt: skip
        file_id = f"file-{len(self.files) + 1}"
        self.files[file_id] = (file_name, data)
        document = {"file_id": file_id, "file_unique_id": f"u-{file_id}", "file_name": file_name,
                    "file_size": file_size if file_size is not None else len(data)}  # fmt: skip
        content: dict[str, Any] = {"document": document}
        if caption:
            content["caption"] = caption
        return await self.push({"message": self._incoming(user_id, chat_id, "private", None, **content)})

    async def press(self, user_id: int, message_id: int, data: str) -> dict[str, Any]:
        """A user presses an inline button under the bot's message `message_id`."""
        message = self.messages[message_id]
        query = {"id": f"cq-{next(self._update_ids)}", "from": self.user(user_id), "chat_instance": "ci",
                 "data": data, "message": message}  # fmt: skip
        return await self.push({"callback_query": query})

    # -- looking at what the bot did --------------------------------------------------------------
    def sent(self, *methods: str, chat_id: int | None = None) -> list[Call]:
        """Calls of these methods (all when none named), optionally to one chat, in order."""
        return [c for c in self.calls if (not methods or c.method in methods)
                and (chat_id is None or c.chat_id == chat_id)]  # fmt: skip

    def replies(self, chat_id: int) -> list[str]:
        """Texts the bot sent to a chat (messages and captions), in order."""
        return [c.text for c in self.sent("sendMessage", "sendDocument", "sendPhoto", chat_id=chat_id)]

    @property
    def last_update_id(self) -> int:
        return self.updates[-1]["update_id"] if self.updates else self.delivered

    def clear(self) -> None:
        self.calls.clear()
