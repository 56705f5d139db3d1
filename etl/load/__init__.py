"""Load a file or fetched rows into the warehouse, along its steps.

``problems`` (what is wrong, where, what to do) -> ``prepare`` (refuse, read, detect,
then ``validate``: one validator per table, with ``cells`` the shared helpers) ->
``batches`` (preview, commit, history, undo). The names below are the package's whole
public interface, for the CLI, the connectors and the upload page.
"""

from __future__ import annotations

from etl.load.batches import TABLE_KEYS, VALUE_COLUMNS, CommitResult, commit, history, preview, undo
from etl.load.prepare import Prepared, prepare, prepare_parsed, prepare_path
from etl.load.problems import Invalid, Problem
from etl.load.validate.sources import SourceInfo

__all__ = ["TABLE_KEYS", "VALUE_COLUMNS", "CommitResult", "Invalid", "Prepared", "Problem", "SourceInfo",
           "commit", "history", "prepare", "prepare_parsed", "prepare_path", "preview", "undo"]
