"""Fetch from public APIs: snapshot the raw response, transform, load like an upload.

One module per source (scb, kolada, eurostat, vinnova, cordis); ``http`` is the polite
client they share, ``snapshot`` keeps every raw response with where it came from, and
``jsonstat`` decodes the JSON-stat 2.0 that SCB and Eurostat answer with. ``run`` ties
them together for ``python -m etl fetch SOURCE``.
"""
