# One command file; CI (.ci/run) runs the same install and test steps.
.PHONY: install dev test lint eval bench example

install:
	pip install .

dev:
	pip install -e '.[dev]'

test:
	pytest -q

lint:
	ruff check presslens eval bench scripts tests
	ruff format --check presslens

example:
	presslens analyze examples/dock-strike.html --format text

eval:
	python eval/extraction.py
	python eval/ner.py
	python eval/quotes.py
	python eval/relations.py
	python eval/techniques.py
	python eval/dedup.py
	python eval/spark.py

bench:
	python bench/extraction.py
	python bench/pipeline.py
	python bench/web.py --articles 10000
	python bench/techniques.py
	python bench/ingest.py
	python bench/spark.py
