"""Shared test helpers."""
import torch
from featsr.export import espcn, save_model

def save_tiny_model(tmp_path_factory, width:int):
    "A tiny saved x4 single-image model (ESPCN, random weights, seed 0): builds in milliseconds, no ImageNet weights"
    torch.manual_seed(0)
    d = tmp_path_factory.mktemp('model')/'tiny'
    save_model(espcn(scale=4, width=width), d, config=dict(scale=4, width=width), builder='featsr.export.espcn')
    return d

def pytest_addoption(parser):
    parser.addoption('--docs', action='store_true', help="run the documentation-site checks (tests marked `docs`; make docs-check)")

def pytest_configure(config):
    config.addinivalue_line('markers', "docs: builds/opens the documentation site in Chromium (minutes); run with --docs")

def pytest_collection_modifyitems(config, items):
    if config.getoption('--docs'): return
    import pytest
    skip = pytest.mark.skip(reason="documentation-site check: run `make docs-check` (pytest --docs)")
    for item in items:
        if item.get_closest_marker('docs'): item.add_marker(skip)
