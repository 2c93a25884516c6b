"""The one error a planner sees for a bad scenario: :class:`ScenarioError`.

Scenario files are written by planners, so every problem with one must end up as
exactly one readable :class:`ScenarioError` that names the file, the line, the field
and what was expected. The CLI prints ``err.render(lang)`` (English: ``str(err)``) and exits 2.
"""

from __future__ import annotations

from typing import Any

from partysim.scenario.error_text import FRAME, translate

__all__ = ["ScenarioError"]

_UNSET: Any = object()


class ScenarioError(Exception):
    """One user-facing error in a scenario file.

    Attributes:
        file: Path of the offending file as given, or ``"--set"`` for
            command-line overrides.
        line: 1-based line number, or ``None`` if unknown.
        field: Dotted field path such as ``"territory.units[2].count"``, or
            ``None`` when the problem is not about one field.
        expected: What was expected, in plain words.
        problem: Optional short description of what is wrong (e.g.
            ``"unknown field"``), printed before ``expected``.
        got: The offending value, or ``ScenarioError.NO_VALUE`` if not shown.
        verbatim: When true, ``expected`` is a complete message of its own (a
            validator's ``ValueError`` text) and is printed without the
            ``"expected "`` prefix.
    """

    NO_VALUE: Any = _UNSET

    def __init__(
        self,
        file: str,
        line: int | None,
        field: str | None,
        expected: str,
        *,
        problem: str | None = None,
        got: Any = _UNSET,
        verbatim: bool = False,
    ) -> None:
        self.file = file
        self.line = line
        self.field = field
        self.expected = expected
        self.problem = problem
        self.got = got
        self.verbatim = verbatim
        super().__init__(self.__str__())

    @property
    def has_got(self) -> bool:
        """Whether an offending value is attached."""
        return self.got is not _UNSET

    def __str__(self) -> str:
        return self.render("en")

    def render(self, lang: str = "en") -> str:
        """The one-line message in ``lang`` (``"en"`` or ``"vi"``): file, line, field, what
        was expected and what was found (wording from :mod:`partysim.scenario.error_text`)."""
        frame = FRAME.get(lang, FRAME["en"])
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        parts = [where]
        if self.field:
            parts.append(frame["field"].format(field=self.field))
        expected = translate(self.expected, lang)
        body = expected if self.verbatim else frame["expected"].format(text=expected)
        if self.problem:
            body = frame["problem"].format(problem=translate(self.problem, lang), body=body)
        if self.has_got:
            body += frame["got"].format(got=_short_repr(self.got))
        parts.append(body)
        return ": ".join(parts)

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            _rebuild_error,
            (self.file, self.line, self.field, self.expected, self.problem, self.got, self.verbatim),
        )


def _rebuild_error(
    file: str, line: int | None, field: str | None, expected: str, problem: str | None, got: Any, verbatim: bool
) -> ScenarioError:
    return ScenarioError(file, line, field, expected, problem=problem, got=got, verbatim=verbatim)


def _short_repr(value: Any, limit: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
