# PhotoOnce: each verb is a one-liner over swift and scripts/.
SWIFT ?= swift
DEMO_OUT ?= out/demo

.PHONY: run test bench eval eval-matting build lint clean

## Process the demo portrait into the five standard photos and say where they are.
run:
	scripts/bootstrap --test
	$(SWIFT) build -c release --product photoonce
	.build/release/photoonce process .fixtures/portrait.jpg --out $(DEMO_OUT)
	@echo "The five photos and report.json are in $(DEMO_OUT)/portrait/"

## Every test: Swift unit and pipeline tests, then the CLI and independent-geometry checks.
test:
	scripts/bootstrap --test
	$(SWIFT) build --build-tests
	$(SWIFT) test
	PHOTOONCE_BIN=.build/debug/photoonce .venv/bin/python -m pytest -q Tests/python

## Median milliseconds per pipeline stage (prints figures; asserts nothing).
bench:
	scripts/bootstrap --test
	$(SWIFT) build -c release --product photoonce
	.build/release/photoonce bench

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
