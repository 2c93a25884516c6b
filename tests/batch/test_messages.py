"""The vi/en message table: every message in both languages, with the same placeholders."""

from __future__ import annotations

import string

import pytest

from partysim.batch.messages import MESSAGES, Text, default_lang, message


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_has_both_languages_with_the_same_fields(key: str):
    texts = MESSAGES[key]
    assert set(texts) == {"vi", "en"}
    assert _fields(texts["vi"]) == _fields(texts["en"])
    assert "\n" not in texts["vi"] + texts["en"]


def test_nested_texts_are_rendered_in_the_same_language():
    why = Text("why.no_worker", {"seconds": "120"})
    kept = Text("kept.runs", {"n": 7})
    en = message("cluster.lost", "en", address="tcp://h:8786", why=why, kept=kept, out="out/b")
    vi = message("cluster.lost", "vi", address="tcp://h:8786", why=why, kept=kept, out="out/b")
    assert "no worker for 120 s" in en and "the 7 finished runs are kept in out/b" in en
    assert "không còn máy tính toán (worker) nào suốt 120 giây" in vi and "7 lượt chạy đã xong" in vi


def test_default_language(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("PARTYSIM_LANG", raising=False)
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "vi_VN.UTF-8")
    assert default_lang() == "vi"
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert default_lang() == "en"
    monkeypatch.setenv("PARTYSIM_LANG", "vi")
    assert default_lang() == "vi"
