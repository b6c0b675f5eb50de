"""The cross-article stage: steps that run over the stored records of the whole corpus.

- ``chorus.linking.step``: what a step declares (``Step``, ``Linkage``, ``Blocking``,
  ``Source``);
- ``chorus.linking.steps``: the steps, one module each (people, provenance,
  near-duplicates, events, outlets, question);
- ``chorus.linking.registry``: the one list of them (``STEPS``), found in that package;
- ``chorus.linking.routine``: the shared routine on one machine (exact-duplicate shortcut,
  capped postings, pairwise comparison, union-find, assembly);
- ``chorus.linking.similarity``: when two reported texts are the same statement.

The drivers run any step from its declaration: ``chorus.engines.corpus`` (DuckDB and Python)
and ``chorus.engines.spark_link`` (Spark SQL, with ``chorus.engines.spark_sql``). This
package imports nothing at its top, so a stage may use ``similarity`` without importing the
steps.
"""
