"""The figures table as Markdown, so docs and the model card are printed, never typed."""

from __future__ import annotations

LABEL_ORDER = ("PER", "ORG", "LOC", "EVT", "ALL")


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{100 * x:.1f}"


def markdown(figs: dict) -> str:
    """Render evaluate_all() output (+ size_mb, training) as Markdown tables."""
    lines = ["### NER on the test splits (P / R / F1, %, gold tokens)", "",
             "| test set | label | P | R | F1 |", "| --- | --- | --- | --- | --- |"]
    for test, per in figs["ner"].items():
        for lab in LABEL_ORDER:
            if lab in per:
                s = per[lab]
                name = "**all**" if lab == "ALL" else lab
                lines.append(f"| {test} | {name} | {_pct(s['p'])} | {_pct(s['r'])} "
                             f"| {_pct(s['f'])} |")
    lines += ["", "### Tagging and cost", "", "| figure | value |", "| --- | --- |"]
    for test, acc in figs["pos_acc"].items():
        lines.append(f"| UPOS accuracy, {test} (surface tokens) | {_pct(acc)} % |")
    sp = figs.get("speed")
    if sp:
        cpu = sp.get("tokens_per_cpu_second")
        cpu_txt = f"; {cpu:,} per CPU-second" if cpu else ""
        lines.append(f"| speed, whole pipeline, 1 thread | {sp['tokens_per_second']:,} tokens/s "
                     f"wall{cpu_txt} ({sp['tokens']:,} tokens of news_corpus) |")
    if "size_mb" in figs:
        lines.append(f"| model size on disk | {figs['size_mb']} MB |")
    tr = figs.get("training")
    if tr:
        lines.append(f"| training time (config `{tr.get('config')}`, 2-core CPU, seed "
                     f"{tr.get('seed')}) | {tr.get('minutes')} min ({tr.get('stopped')}) |")
    return "\n".join(lines) + "\n"


def performance(figs: dict) -> dict:
    """The flat scores that go into meta.json's "performance" (spaCy's convention)."""
    perf: dict = {}
    for test, per in figs["ner"].items():
        key = test.split()[0].lower().replace("-", "_")
        perf[f"{key}_ents_f"] = round(per["ALL"]["f"], 4)
        perf[f"{key}_ents_per_type"] = {lab: {k: round(v, 4) for k, v in s.items()}
                                        for lab, s in per.items() if lab != "ALL"}
    for test, acc in figs["pos_acc"].items():
        perf[f"{test.split()[1].lower()}_pos_acc"] = round(acc, 4)
    if figs.get("speed"):
        perf["tokens_per_second_1_thread"] = figs["speed"]["tokens_per_second"]
    return perf
