"""Training kg's Indonesian spaCy pipeline (`kg train`); see docs/model.md.

corpora: readers and label mapping; convert: DocBins; vectors: floret on news_corpus;
pretrain: `spacy pretrain` on news text; run: time-capped training; evaluate/report:
figures; package: the shipped model directory and its card.
"""
