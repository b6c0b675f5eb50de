"""Evaluation code shared by every ``chorus eval`` command (see ``docs/evaluation.md``).

- ``corpora``: where the shared corpora are (``../shared`` beside the project);
- ``names``: when two names, speakers or relays are the same (spelling variants yes, another
  given name no);
- ``matching``: one-to-one matching of predictions to gold items, precision and recall;
- ``gold``: builds a folder annotated in the seeds' format and scores every stage against it;
- ``news``: scores a build against a folder of real-news stories (the shared real-news layout).

The per-stage scorers live beside their stage (``attribution.evaluate``, ``claims.evaluate``,
``people.evaluate``) and use the rules here, so every evaluation matches names the same way.
"""
