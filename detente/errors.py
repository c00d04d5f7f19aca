"""detente's exceptions: one root, a small tree. Only the edges (CLI, web) translate them.

    DetenteError
    ├── InputError            an input record cannot be read (the record is quarantined)
    │   └── UnsupportedFormat no reader for this file type
    ├── StageError            a pipeline stage failed or broke its contract on one article
    ├── StoreError            the database cannot be opened, migrated or queried
    ├── NotFound              an article, actor or event the user named does not exist
    └── UsageError            arguments that cannot work together (the message says how to fix them)
"""
from __future__ import annotations


class DetenteError(Exception):
    """Root of every error detente raises on purpose."""


class InputError(DetenteError):
    def __init__(self, locator: str, reason: str):
        super().__init__(f"{locator}: {reason}")
        self.locator = locator
        self.reason = reason

    def __reduce__(self):
        return (type(self), (self.locator, self.reason))


class UnsupportedFormat(InputError):
    pass


class StageError(DetenteError):
    def __init__(self, stage: str, article_id: str, reason: str):
        super().__init__(f"stage {stage!r} failed on article {article_id}: {reason}")
        self.stage = stage
        self.article_id = article_id
        self.reason = reason

    def __reduce__(self):  # picklable across worker processes
        return (StageError, (self.stage, self.article_id, self.reason))


class StoreError(DetenteError):
    pass


class NotFound(DetenteError):
    pass


class UsageError(DetenteError):
    pass
