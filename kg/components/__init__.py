"""spaCy components kg adds on top of the statistical pipeline.

Importing this package registers the factories (`kg_sentences`, `kg_rules`, `kg_posts`,
`kg_events`) so a config or `nlp.add_pipe` can name them.
"""

from kg.components import events, posts, rules, sentences  # noqa: F401
