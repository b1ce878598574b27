# PhotoOnce: each verb is a one-liner over swift and scripts/.
SWIFT ?= swift
DEMO_OUT ?= out/demo

.PHONY: run demo-photos test bench bench-server eval eval-matting build lint clean

## The photo library server on its embedded defaults (SQLite, blobs and key under ./data)
## with the demo city; prints the URL and the demo logins. Ctrl-C stops it.
run:
	scripts/bootstrap --test
	$(SWIFT) build -c release --product photoonce
	.build/release/photoonce serve --demo

## Process the demo portrait into the five standard photos and say where they are.
demo-photos:
	scripts/bootstrap --test
	$(SWIFT) build -c release --product photoonce
	.build/release/photoonce process .fixtures/portrait.jpg --out $(DEMO_OUT)
	@echo "The five photos and report.json are in $(DEMO_OUT)/portrait/"

## Every test: Swift unit, pipeline and server tests (the server's on SQLite, then again on a
## throwaway PostgreSQL), then the CLI, server-process, OpenAPI and independent-geometry checks.
test:
	scripts/bootstrap --test
	$(SWIFT) build --build-tests
	$(SWIFT) test
	scripts/with-postgres $(SWIFT) test --skip-build --filter ServerTests
	PHOTOONCE_BIN=.build/debug/photoonce .venv/bin/python -m pytest -q Tests/python

## Median milliseconds per pipeline stage (prints figures; asserts nothing).
bench:
	scripts/bootstrap --test
	$(SWIFT) build -c release --product photoonce
	.build/release/photoonce bench

## Library server figures: sustained ingest on SQLite and PostgreSQL, photo downloads
## against nginx with wrk, resident memory (prints figures; asserts nothing).
bench-server:
	scripts/bootstrap --bench
	$(SWIFT) build -c release --product photoonce
	.venv/bin/python scripts/bench_server.py
	scripts/with-postgres .venv/bin/python scripts/bench_server.py --skip-downloads

## Quality verdicts against the hand labels of the shared portraits and their degraded
## variants (prints the tables; asserts nothing).
PORTRAITS ?= ../shared/testdata/portraits
eval:
	scripts/bootstrap --test
	$(SWIFT) build -c release --product photoonce
	PHOTOONCE_BIN=.build/release/photoonce scripts/degrade --portraits $(PORTRAITS) --out out/degraded
	.build/release/photoonce eval --labels eval/portraits.csv --images $(PORTRAITS)
	.build/release/photoonce eval --labels out/degraded/labels.csv

## Background replacement on the shared portraits on white, blue and red, and the
## synthetic-truth alpha errors (prints the tables; photos in out/matting).
eval-matting:
	scripts/bootstrap --test
	$(SWIFT) build -c release --product photoonce
	taskset -c 0 .build/release/photoonce eval-matting --images $(PORTRAITS) --out out/matting

build:
	$(SWIFT) build

lint:
	duplicates Sources Tests || true

clean:
	rm -rf .build out
