"""The batch code the flows wire: one partition in, entities/campaigns/runs partitions out.

No ``@flow`` or ``@task`` here (``flows.extract``, ``flows.backfill`` and ``flows.serve``
wrap these functions); every function also runs without a Prefect run.

* :mod:`.partitions`: which input partitions there are (``dt=YYYY-MM-DD`` directories);
* :mod:`.reading`: reading input Parquet (column checks, record batches, ids and texts);
* :mod:`.predictors`: the model, loaded once per process, and its tagging worker pools;
* :mod:`.tagging`: one partition read, tagged and written (row statuses, stats);
* :mod:`.tables`: the output tables' schemas, atomic partition writers and readers;
* :mod:`.ledger`: input fingerprints, the runs ledger rows, skip decisions, partition locks;
* :mod:`.runner`: :func:`~.runner.run_partition`, the one partition run of both flows, and
  the summary of a run;
* :mod:`.artifacts`: the Prefect artifacts (partition table, summary, progress);
* :mod:`.schedule`: which partition a scheduled run processes (time zones, cron);
* :mod:`.errors` and :mod:`.logs`: the error type, one-line messages, retries, the logger.
"""
