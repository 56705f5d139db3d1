"""What is wrong with an input, where, and what to do: one ``Problem`` for the whole of etl.

An uploaded or fetched table names a problem by ``sheet``, Excel ``row`` and ``column``
letter (or the JSON/CSV field); a bundled data file checked by the build
(``etl/datafiles.py``) by ``file``, row as a spreadsheet shows it and column name. The
sentence itself is a key of ``etl.messages`` with its values, in Swedish or English.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from etl import messages, vocabulary

WORDS = {"sv": {"sheet": "blad", "row": "rad", "column": "kolumn", "value": "värde"},
         "en": {"sheet": "sheet", "row": "row", "column": "column", "value": "value"}}


@dataclass
class Problem:
    sheet: str | None
    row: int | None
    column: str | None
    value: str | float | None            # a float (a warning's value) is written as the language writes numbers
    key: str
    values: dict = field(default_factory=dict)
    suggestion: str | None = None
    file: str | None = None             # a bundled data file (data/*.csv) instead of a sheet

    @classmethod
    def in_file(cls, file: str, row: int | None, column: str | None, value: str | None, key: str,
                values: dict | None = None) -> Problem:
        return cls(None, row, column, value, key, values or {}, file=file)

    def message(self, lang: str = vocabulary.DEFAULT_LANG) -> str:
        """What is wrong and what to do, without the location."""
        msg = messages.text(self.key, lang, **{"value": self.value, **self.values})
        if self.suggestion:
            msg += messages.text("did_you_mean", lang, suggestion=self.suggestion)
        return msg

    def text(self, lang: str = vocabulary.DEFAULT_LANG) -> str:
        w = WORDS[lang if lang in WORDS else vocabulary.DEFAULT_LANG]
        if self.file:
            where = self.file
            if self.row is not None:
                where += f", {w['row']} {self.row}"
            if self.column:
                where += f", {w['column']} '{self.column}'"
            shown = "" if self.value in (None, "") else f" ({w['value']}: {self.value!r})"
            return f"{where}: {self.message(lang)}{shown}"
        parts = []
        if self.sheet:
            parts.append(f"{w['sheet']} '{self.sheet}'")
        if self.row:
            parts.append(f"{w['row']} {self.row}")
        if self.column:
            parts.append(f"{w['column']} {self.column}")
        return (", ".join(parts) + ": " if parts else "") + self.message(lang)

    def __str__(self) -> str:
        return self.text("en")


class Invalid(Exception):
    """The input cannot be used; ``problems`` lists every reason. Nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(p.text("en") for p in problems))
