"""Evaluation metrics shared by ``eval/`` and the tests, as pure functions.

* ``extraction`` - the article-extraction-benchmark shingle metric;
* ``quotes`` - the presslens quote-attribution scorer;
* ``techniques`` - the SemEval-2020 Task 11 span (SI), span + technique (FLC) and technique (TC) scorers.

Nothing in the pipeline imports them.
"""
