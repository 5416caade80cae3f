"""Campaign stitching: grouping the rows of one campaign concept across platforms
(``Puma_FR_SummerSale2025_Prospecting`` in Meta, ``puma-fr-ss25-retargeting`` in Google
Ads, ``PUMA | Summer Sale | France | Jun25`` in DV360, an e-mail subject line) by brand,
period, market and theme.

:mod:`~ner_model.stitch.metrics` holds the clustering metrics the stitching benchmark
(:mod:`ner_model.synthetic.stitching`) is scored with.
"""
