"""Train the small CoNLL-2003 NER head shipped in ``presslens/data/ner/conll``.

    python scripts/train_ner.py --data ../shared/data/conll2003 --minutes 25

Steps: convert CoNLL (IOB1, gold tokens) to spaCy DocBins in a temporary folder, build a CNN
``tok2vec + ner`` config (``spacy init config --lang en --pipeline ner --optimize efficiency``),
train with ``valid.txt`` as dev for at most ``--max-steps`` steps or ``--minutes`` wall-clock
minutes (spaCy keeps ``model-best`` on disk at each evaluation, so stopping early is safe), then
copy ``model-best`` into the package.  The CoNLL text never enters the repository: only the
weights and the vocabulary strings are copied.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "conll2003"
DEFAULT_OUT = REPO / "presslens" / "data" / "ner" / "conll"


def read_conll(path: Path) -> Iterator[list[tuple[list[str], list[str]]]]:
    """Yield documents; each a list of sentences (words, IOB1 tags)."""
    doc: list[tuple[list[str], list[str]]] = []
    words: list[str] = []
    tags: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("-DOCSTART-"):
            if words:
                doc.append((words, tags))
            if doc:
                yield doc
            doc, words, tags = [], [], []
        elif not line.strip():
            if words:
                doc.append((words, tags))
            words, tags = [], []
        else:
            cols = line.split()
            words.append(cols[0])
            tags.append(cols[-1])
    if words:
        doc.append((words, tags))
    if doc:
        yield doc


def iob1_to_iob2(tags: list[str]) -> list[str]:
    out: list[str] = []
    prev = "O"
    for tag in tags:
        if tag == "O":
            out.append(tag)
        else:
            kind, label = tag.split("-", 1)
            prev_label = prev.split("-", 1)[1] if prev != "O" else None
            out.append(f"B-{label}" if kind == "B" or prev_label != label else f"I-{label}")
        prev = tag
    return out


def to_docbin(path: Path, dest: Path, group: int = 8) -> int:
    """Write CoNLL sentences as Docs of up to ``group`` sentences; returns the number of docs."""
    import spacy
    from spacy.tokens import Doc, DocBin

    nlp = spacy.blank("en")
    db = DocBin()
    n = 0
    for conll_doc in read_conll(path):
        for i in range(0, len(conll_doc), group):
            words: list[str] = []
            tags: list[str] = []
            sent_starts: list[bool] = []
            for w, t in conll_doc[i : i + group]:
                words += w
                tags += iob1_to_iob2(t)
                sent_starts += [True] + [False] * (len(w) - 1)
            doc = Doc(nlp.vocab, words=words, ents=tags, sent_starts=sent_starts)
            db.add(doc)
            n += 1
    db.to_disk(dest)
    return n


def write_config(dest: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "spacy", "init", "config", str(dest), "--lang", "en",
         "--pipeline", "ner", "--optimize", "efficiency", "--force"],
        check=True,
    )


def train(config: Path, work: Path, train_db: Path, dev_db: Path, max_steps: int, minutes: float) -> Path:
    out = work / "out"
    cmd = [
        sys.executable, "-m", "spacy", "train", str(config), "--output", str(out),
        "--paths.train", str(train_db), "--paths.dev", str(dev_db),
        "--training.max_steps", str(max_steps), "--training.eval_frequency", "400",
        "--training.patience", "3000", "--system.seed", "0",
    ]
    proc = subprocess.Popen(cmd)
    deadline = time.monotonic() + minutes * 60
    while proc.poll() is None and time.monotonic() < deadline:
        time.sleep(5)
    if proc.poll() is None:
        print(f"time limit of {minutes} min reached; stopping and keeping model-best", flush=True)
        proc.terminate()
        proc.wait(timeout=60)
    best = out / "model-best"
    if not best.exists():
        raise SystemExit("training produced no model-best")
    return best


def install(best: Path, dest: Path) -> None:
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(best, dest)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--work", type=Path, default=None, help="working folder (default: a temporary one)")
    ap.add_argument("--max-steps", type=int, default=12000)
    ap.add_argument("--minutes", type=float, default=25.0)
    args = ap.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="presslens-ner-"))
    work.mkdir(parents=True, exist_ok=True)
    train_db, dev_db, config = work / "train.spacy", work / "dev.spacy", work / "config.cfg"
    print("docs:", to_docbin(args.data / "train.txt", train_db), to_docbin(args.data / "valid.txt", dev_db))
    write_config(config)
    best = train(config, work, train_db, dev_db, args.max_steps, args.minutes)
    install(best, args.out)
    print("installed", args.out)


if __name__ == "__main__":
    main()
