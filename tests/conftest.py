"""Shared test helpers."""
import torch
from featsr.export import espcn, save_model

def save_tiny_model(tmp_path_factory, width:int):
    "A tiny saved x4 single-image model (ESPCN, random weights, seed 0): builds in milliseconds, no ImageNet weights"
    torch.manual_seed(0)
    d = tmp_path_factory.mktemp('model')/'tiny'
    save_model(espcn(scale=4, width=width), d, config=dict(scale=4, width=width), builder='featsr.export.espcn')
    return d
