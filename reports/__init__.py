"""Exports for the room: the workshop sequence as a PowerPoint deck (``deck``) and a
county brief as a PDF (``brief``), from the same view functions the pages use
(``views``); charts are pictures rendered on the server by Plotly's kaleido with
Debian's chromium (``render``). ``python -m reports --help`` for the command line."""
