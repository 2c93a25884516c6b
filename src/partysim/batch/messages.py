"""What the batch commands tell the user, in Vietnamese and English (``--lang vi|en``).

Every message is one line: what happened, what was kept, and what to do. Run errors
stored in the manifest (exception texts) stay as they are; only the sentences around
them are translated.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

__all__ = ["LANGS", "MESSAGES", "Text", "default_lang", "message"]

LANGS = ("vi", "en")

MESSAGES: dict[str, dict[str, str]] = {
    "summary": {
        "en": "{runs} runs of {points} points: {reused} reused, {finished} finished, {failed} failed, "
        "{errors} files with errors ({executor}, {seconds} s); results in {out}",
        "vi": "{runs} lượt chạy của {points} điểm: {reused} dùng lại, {finished} mới xong, {failed} lỗi, "
        "{errors} tệp kịch bản có lỗi ({executor}, {seconds} giây); kết quả ở {out}",
    },
    "failed": {
        "en": "failed: {label} replication {replication} ({file}): {error}",
        "vi": "lượt chạy lỗi: {label} lần lặp {replication} ({file}): {error}",
    },
    "interrupted": {
        "en": "interrupted: {finished} runs finished now and {reused} from before are kept in {out}; "
        "run the same command again to complete the batch",
        "vi": "đã dừng (Ctrl-C): giữ lại trong {out} {finished} lượt chạy vừa xong và {reused} lượt có từ trước; "
        "chạy lại đúng lệnh này để hoàn tất đợt chạy",
    },
    "interrupted_early": {
        "en": "interrupted before any run started; runs finished earlier in {out} are kept",
        "vi": "đã dừng trước khi bắt đầu lượt chạy nào; các lượt đã xong trước đó trong {out} vẫn được giữ",
    },
    "no_scenario": {
        "en": "no scenario could be read; nothing to run",
        "vi": "không đọc được kịch bản nào; không có gì để chạy",
    },
    "cannot_start": {
        "en": "cannot use {where}: {detail}; check the address and that Dask runs there, or run without --scheduler",
        "vi": "không dùng được {where}: {detail}; hãy kiểm tra địa chỉ và xem Dask có đang chạy ở đó không, "
        "hoặc chạy không dùng --scheduler",
    },
    "where.remote": {"en": "the Dask scheduler at {address}", "vi": "bộ điều phối Dask tại {address}"},
    "where.local": {"en": "a local Dask cluster", "vi": "cụm Dask trên máy này"},
    "damaged": {
        "en": "warning: run file {path} is damaged ({why}); computing that run again",
        "vi": "cảnh báo: tệp kết quả {path} bị hỏng ({why}); sẽ tính lại lượt chạy đó",
    },
    "report_damaged": {
        "en": "run file {path} is damaged ({why}); run the same 'partysim batch' command again to compute it "
        "again, then 'partysim report {dir}'",
        "vi": "tệp kết quả {path} bị hỏng ({why}); hãy chạy lại đúng lệnh 'partysim batch' đã dùng để tính lại, "
        "rồi chạy 'partysim report {dir}'",
    },
    "damage.size": {"en": "{found} bytes instead of {expected}", "vi": "{found} byte thay vì {expected}"},
    "damage.checksum": {
        "en": "its content changed after it was written: sha256 differs",
        "vi": "nội dung đã bị thay đổi sau khi ghi: sha256 không khớp",
    },
    "damage.unreadable": {"en": "cannot be read: {detail}", "vi": "không đọc được: {detail}"},
    "kept.none": {"en": "nothing was written", "vi": "chưa ghi gì"},
    "kept.runs": {"en": "the {n} finished runs are kept", "vi": "{n} lượt chạy đã xong vẫn được giữ"},
    "out.not_a_folder": {
        "en": "cannot use {out} as the output folder: {path} is a file, not a folder; {kept}; choose another --out",
        "vi": "không dùng được {out} làm thư mục kết quả: {path} là một tệp, không phải thư mục; {kept}; "
        "hãy chọn --out khác",
    },
    "out.read_only": {
        "en": "cannot write to {out}: the file system is read-only; {kept}; choose another --out",
        "vi": "không ghi được vào {out}: ổ đĩa chỉ cho phép đọc; {kept}; hãy chọn --out khác",
    },
    "out.no_permission": {
        "en": "cannot write to {out}: permission denied ({path}); {kept}; choose another --out or ask for write access",
        "vi": "không ghi được vào {out}: không có quyền ghi ({path}); {kept}; hãy chọn --out khác hoặc xin quyền ghi",
    },
    "out.disk_full": {
        "en": "the disk holding {out} is full; {kept}; free some space, then run the same command again to finish",
        "vi": "ổ đĩa chứa {out} đã đầy; {kept}; hãy giải phóng dung lượng rồi chạy lại đúng lệnh này để làm tiếp",
    },
    "out.other": {
        "en": "cannot write to {out}: {detail}; {kept}; once this is fixed, run the same command again",
        "vi": "không ghi được vào {out}: {detail}; {kept}; khắc phục xong thì chạy lại đúng lệnh này",
    },
    "out.locked": {
        "en": "another batch (pid {pid}) is writing to {out}; nothing was changed; wait for it to finish, "
        "or choose another --out",
        "vi": "một đợt chạy khác (pid {pid}) đang ghi vào {out}; chưa thay đổi gì; hãy đợi đợt đó xong "
        "hoặc chọn --out khác",
    },
    "cluster.lost": {
        "en": "lost the Dask cluster at {address}: {why}; {kept} in {out}; run the same command again to finish "
        "(or with --workers N instead of --scheduler, to finish on this machine)",
        "vi": "mất kết nối với cụm Dask tại {address}: {why}; {kept} trong {out}; hãy chạy lại đúng lệnh này để làm tiếp "
        "(hoặc dùng --workers N thay cho --scheduler để làm nốt trên máy này)",
    },
    "why.scheduler_gone": {"en": "the scheduler closed the connection", "vi": "bộ điều phối đã ngắt kết nối"},
    "why.scheduler_silent": {
        "en": "the scheduler has not answered for {seconds} s",
        "vi": "bộ điều phối không phản hồi suốt {seconds} giây",
    },
    "why.no_worker": {
        "en": "no worker for {seconds} s",
        "vi": "không còn máy tính toán (worker) nào suốt {seconds} giây",
    },
}


@dataclass(frozen=True)
class Text:
    """A message not yet put into words: its key and fields (fields may be :class:`Text` too).

    Attributes:
        key: Key in :data:`MESSAGES`.
        fields: Values for the placeholders.
    """

    key: str
    fields: dict[str, Any] = field(default_factory=dict)

    def render(self, lang: str) -> str:
        """The message in ``lang``."""
        return message(self.key, lang, **self.fields)


def message(key: str, lang: str, **fields: Any) -> str:
    """The message ``key`` in ``lang`` (English when ``lang`` has none), filled with ``fields``.

    Fields that are :class:`Text` are rendered in the same language first.
    """
    texts = MESSAGES[key]
    values = {k: v.render(lang) if isinstance(v, Text) else v for k, v in fields.items()}
    return texts.get(lang, texts["en"]).format(**values)


def default_lang() -> str:
    """``vi`` when ``PARTYSIM_LANG`` says so, else when the locale is Vietnamese; else ``en``."""
    chosen = os.environ.get("PARTYSIM_LANG", "").strip().lower()
    if chosen in LANGS:
        return chosen
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return "vi" if value.lower().startswith("vi") else "en"
    return "en"
