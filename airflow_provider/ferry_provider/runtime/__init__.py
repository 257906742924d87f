"""The hand-written part of the Ferry provider: what FerryOperator does.

Not generated: ``ferry generate`` never writes or checks this package. It runs the ``ferry`` binary
(``process``), finds it (``binary``), builds the request (``request``) and the target and source
from Airflow connections (``connection``), logs the events (``events``), maps failures to Airflow
exceptions (``errors``), shares Airflow's OpenLineage setup and turns datasets into Assets
(``lineage``); ``execution`` ties them together for FerryOperator and FerryHook (``hook``). The names and codes of the contract come
from the generated ``ferry_provider.contract``.
"""
