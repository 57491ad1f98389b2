"""Choose the learned forecast finder by cross-validation over the corpus, and rebuild its weights.

    python scripts/train_forecast_model.py --shared ../shared [--report docs/forecast_cv.json]

Every setting of the grid is scored by 5-fold cross-validation grouped by article over
corpus/forecasts/*.jsonl (the dev golds are never read). The setting with the best pooled F1
is trained on the whole corpus and written to src/prospects/nlp/data/forecast_model.npz; the
same corpus and grid give the same file.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from itertools import product
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from prospects.evaluate import corpus, forecast_cv  # noqa: E402
from prospects.evaluate.baseline import naive_forecasts  # noqa: E402
from prospects.nlp import load  # noqa: E402
from prospects.nlp.forecast_model import KIND_PATH, Settings  # noqa: E402
from prospects.nlp.forecasts import ForecastFinder  # noqa: E402

GRID = [
    Settings(l2=l2, positive_weight=w, threshold=t, dense=dense)
    for l2, w, t, dense in product((3e-3, 1e-2, 3e-2), (1.0, 2.0), (0.3, 0.4, 0.5), (False, True))
]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus" / "forecasts")
    ap.add_argument("--out", type=Path, default=ROOT / "src/prospects/nlp/data/forecast_model.npz")
    ap.add_argument("--report", type=Path, help="write every trial's figures here (JSON)")
    ap.add_argument("--quick", action="store_true", help="one setting only, no choice")
    ap.add_argument("--texts", type=Path, action="append", default=[], help="more text folders")
    a = ap.parse_args()
    files = sorted(a.corpus.glob("*.jsonl"))
    texts = [a.shared / folder for folder in corpus.SETS.values()] + a.texts
    nlp = load()
    t0 = time.time()
    parsed = forecast_cv.parse(files, texts, nlp)
    print(f"parsed {len(parsed)} articles of {len(files)} files in {time.time() - t0:.0f} s")
    rule = forecast_cv.Scores()
    forecast_cv.score(parsed, ForecastFinder(), nlp, rule)
    print(f"rule finder: F1 {rule.total.f1:.4f} (P {rule.total.precision:.3f} "
          f"R {rule.total.recall:.3f})")  # fmt: skip
    naive = forecast_cv.Scores()
    forecast_cv.score(parsed, naive_forecasts, nlp, naive)
    print(f"naive baseline: F1 {naive.total.f1:.4f} (P {naive.total.precision:.3f} "
          f"R {naive.total.recall:.3f})")  # fmt: skip
    grid = GRID[:1] if a.quick else GRID
    trials = forecast_cv.cross_validate(parsed, nlp, grid)
    for tr in trials:
        s, r = tr.settings, tr.scores.total
        print(f"l2={s.l2:g} w+={s.positive_weight:g} t={s.threshold:g} dense={s.dense}: "
              f"F1 {r.f1:.4f} "
              f"(P {r.precision:.3f} R {r.recall:.3f})")  # fmt: skip
    best = max(trials, key=lambda tr: (round(tr.scores.total.f1, 4), -tr.settings.l2 * 0))
    print(f"chosen: {best.settings} CV F1 {best.scores.total.f1:.4f}")
    for name, r in sorted(best.scores.sets.items()):
        print(f"  {name}: F1 {r.f1:.4f} (P {r.precision:.3f} R {r.recall:.3f})")
    model = forecast_cv.fit(parsed, best.settings)
    a.out.write_bytes(model.to_bytes())
    print(f"wrote {a.out} ({len(model.vocab)} features)")
    # the kind model is kept only when cross-validation says it beats the rules' kind
    with_kinds = forecast_cv.cross_validate(parsed, nlp, [best.settings], kinds=True)[0]
    rule_kind, learned_kind = (
        best.scores.total.accuracy("kind"),
        with_kinds.scores.total.accuracy("kind"),
    )
    print(f"kind accuracy over found forecasts: rules {rule_kind:.4f}, model {learned_kind:.4f}")
    kind_out = a.out.with_name(KIND_PATH)
    if learned_kind > rule_kind:
        kind_out.write_bytes(forecast_cv.fit_kind(parsed).to_bytes())
        print(f"wrote {kind_out}")
    elif kind_out.exists():
        kind_out.unlink()
    if a.report:
        report = {
            "articles": len(parsed),
            "rule_finder": rule.to_dict(),
            "naive_baseline": naive.to_dict(),
            "chosen": best.settings.__dict__,
            "kind_accuracy": {"rules": round(rule_kind, 4), "model": round(learned_kind, 4)},
            "cv_with_kind_model": with_kinds.scores.to_dict(),
            "cv": best.scores.to_dict(),
            "trials": [{"settings": tr.settings.__dict__, "f1": round(tr.scores.total.f1, 4),
                        "precision": round(tr.scores.total.precision, 4),
                        "recall": round(tr.scores.total.recall, 4)} for tr in trials],
            "top_features": model.top(40),
        }  # fmt: skip
        a.report.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
