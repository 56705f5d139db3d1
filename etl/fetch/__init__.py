"""Fetch from public APIs: ask, keep every raw answer as a snapshot, hand back batches.

One module per source (``scb``, ``kolada``, ``eurostat``, ``vinnova``, ``cordis``,
``kohesio``) that only fetches; what an answer means is read by the source's format in
``etl.formats``. ``http`` is the polite client they share, ``snapshot`` keeps every raw
response with where it came from (and answers from those snapshots again: replay without
the network), ``base`` holds the context, the batch and ``AnswerMismatch`` (an answer that
does not hold what was asked for). ``run`` is the whole path for ``python -m etl fetch
SOURCE``: fetch -> formats -> load.
"""
