"""Learned extraction components (trained on annotated articles, shipped in kg/models).

`kg_event_rel` (component.py) decides who attended an event and where it took place from
candidate pairs (features.py); data.py aligns gold annotations to them, train.py trains
it (`kg train_learned`). See docs/learned.md.
"""
