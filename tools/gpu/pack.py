"""Bring a GPU run's results back through the device tool's $OUT limits, and unpack them here.

    python tools/gpu/pack.py pack SRC_DIR OUT_DIR [--optional GLOB ...]   # there: SRC_DIR -> OUT_DIR/featsr_gpu.partNN
    python tools/gpu/pack.py unpack FILES_DIR DEST_DIR                     # here: the parts -> DEST_DIR (checked)

$OUT gives back at most 8 files, 16 MiB each, 64 MiB together. The dial model alone is two fp16 safetensors of
35.0 MB (70.1 MB): over the total, not only over the per-file size. So `pack`:
- byte-splits every `*.safetensors` after its header into the even and the odd bytes of the data: for fp16
  tensors these are the low (mantissa, incompressible) and high (sign, exponent, top mantissa bits) bytes; the
  high plane deflates to about 71 % (zlib, 1-2 s), so a 35.0 MB file travels as about 30 MB. Exactly reversible,
  whatever the dtypes and the alignment (the split is only what makes it compress well);
- puts everything into one tar with a MANIFEST.json (size and SHA-256 of every original file), cut into parts of
  16,000,000 bytes (< 16 MiB) named featsr_gpu.part00, part01, ...;
- if the parts would pass `--budget` bytes (default 64 MiB less 1 MiB for the log and the summary), drops the
  `--optional` members, largest first, and says so loudly (the manifest lists what was dropped).
`unpack` joins the parts in name order, restores every file and checks its size and SHA-256.
Standard library only (runs under any python3 on either machine).
"""
import sys, io, os, json, zlib, struct, tarfile, hashlib, fnmatch, argparse, time
from pathlib import Path

MAGIC, PART, PREFIX = b'FSBS1', 16_000_000, 'featsr_gpu.part'
MIB = 1 << 20

def _sha(b): return hashlib.sha256(b).hexdigest()

def encode_safetensors(b:bytes) -> bytes:
    "Header kept raw; data bytes split into even/odd planes, each deflated when that saves more than 2 %"
    n = struct.unpack('<Q', b[:8])[0] if len(b) >= 8 else 0
    off = min(8 + n, len(b))
    head, body = b[:off], b[off:]
    planes = [body[0::2], body[1::2]]
    enc, info = [], []
    for p in planes:
        z = zlib.compress(p, 6)
        use = len(z) < 0.98 * len(p)
        enc.append(z if use else p); info.append(dict(z=use, n=len(p), stored=len(enc[-1])))
    hdr = json.dumps(dict(head=len(head), body=len(body), planes=info)).encode()
    return MAGIC + struct.pack('<I', len(hdr)) + hdr + head + b''.join(enc)

def decode_safetensors(e:bytes) -> bytes:
    if not e.startswith(MAGIC): raise ValueError('not a byte-split file')
    k = len(MAGIC); hl = struct.unpack('<I', e[k:k+4])[0]; k += 4
    hdr = json.loads(e[k:k+hl]); k += hl
    head = e[k:k+hdr['head']]; k += hdr['head']
    planes = []
    for p in hdr['planes']:
        raw = e[k:k+p['stored']]; k += p['stored']
        planes.append(zlib.decompress(raw) if p['z'] else raw)
        if len(planes[-1]) != p['n']: raise ValueError('plane length mismatch')
    body = bytearray(hdr['body'])
    body[0::2], body[1::2] = planes
    return head + bytes(body)

def pack(src, out, optional=(), budget=64*MIB - MIB):
    t0 = time.time()
    src, out = Path(src), Path(out)
    files = sorted(p for p in src.rglob('*') if p.is_file())
    members = []  # (arcname, stored bytes, manifest entry)
    for p in files:
        rel = p.relative_to(src).as_posix(); b = p.read_bytes()
        ent = dict(name=rel, size=len(b), sha256=_sha(b), encoding='raw')
        if rel.endswith('.safetensors'):
            e = encode_safetensors(b)
            if e[:len(MAGIC)] == MAGIC and len(e) < len(b): b, ent['encoding'] = e, 'bytesplit'
        members.append((rel + ('.bsz' if ent['encoding'] == 'bytesplit' else ''), b, ent))
    dropped = []
    def total(ms): return sum(len(b) + 1024 for _, b, _ in ms) + 64 * 1024  # tar headers, manifest, end blocks
    while total(members) > budget:
        opt = [m for m in members if any(fnmatch.fnmatch(m[2]['name'], g) for g in optional)]
        if not opt:
            raise SystemExit(f"pack: {total(members)/MIB:.1f} MiB of results, over the {budget/MIB:.1f} MiB budget, "
                             f"and nothing optional left to drop: {[(m[2]['name'], len(m[1])) for m in members]}")
        big = max(opt, key=lambda m: len(m[1])); members.remove(big); dropped.append(big[2]['name'])
        print(f"!!! pack: DROPPED {big[2]['name']} ({len(big[1])/1e6:.1f} MB stored) to stay under "
              f"{budget/MIB:.1f} MiB", flush=True)
    manifest = dict(format='featsr-gpu-pack', version=1, files=[m[2] for m in members], dropped=dropped)
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode='w', format=tarfile.PAX_FORMAT) as tf:
        for name, b in [('MANIFEST.json', json.dumps(manifest, indent=1).encode())] + [(a, b) for a, b, _ in members]:
            ti = tarfile.TarInfo(name); ti.size = len(b); ti.mtime = int(time.time()); ti.mode = 0o644
            tf.addfile(ti, io.BytesIO(b))
    data = buf.getvalue()
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob(PREFIX + '*'): old.unlink()
    parts = [data[i:i+PART] for i in range(0, len(data), PART)]
    for i, p in enumerate(parts): (out/f'{PREFIX}{i:02d}').write_bytes(p)
    raw = sum(m[2]['size'] for m in members)
    print(f"packed {len(members)} files ({raw/1e6:.1f} MB) into {len(parts)} parts, {len(data)/1e6:.1f} MB "
          f"({len(data)/MIB:.2f} MiB) in {time.time()-t0:.1f} s" + (f"; dropped {dropped}" if dropped else ''))
    for m in members: print(f"  {m[2]['name']:45s} {m[2]['size']/1e6:8.2f} MB -> {len(m[1])/1e6:8.2f} MB {m[2]['encoding']}")
    return parts

def unpack(files_dir, dest):
    files_dir, dest = Path(files_dir), Path(dest)
    parts = sorted(p for p in files_dir.rglob(PREFIX + '*') if p.is_file())
    if not parts: raise SystemExit(f"unpack: no {PREFIX}NN files under {files_dir}")
    names = [p.name for p in parts]
    want = [f'{PREFIX}{i:02d}' for i in range(len(parts))]
    if names != want: raise SystemExit(f"unpack: parts {names} are not the complete sequence {want}")
    data = b''.join(p.read_bytes() for p in parts)
    with tarfile.open(fileobj=io.BytesIO(data), mode='r') as tf:
        blobs = {m.name: tf.extractfile(m).read() for m in tf.getmembers() if m.isfile()}
    manifest = json.loads(blobs.pop('MANIFEST.json'))
    for ent in manifest['files']:
        name = ent['name']
        if name.startswith('/') or '..' in Path(name).parts: raise SystemExit(f"unpack: refusing path {name!r}")
        b = blobs[name + '.bsz'] if ent['encoding'] == 'bytesplit' else blobs[name]
        if ent['encoding'] == 'bytesplit': b = decode_safetensors(b)
        if len(b) != ent['size'] or _sha(b) != ent['sha256']: raise SystemExit(f"unpack: {name} is damaged (size/SHA-256)")
        p = dest/name; p.parent.mkdir(parents=True, exist_ok=True); p.write_bytes(b)
        print(f"  {name:45s} {len(b)/1e6:8.2f} MB ok")
    if manifest['dropped']: print(f"!!! not brought back (over the $OUT budget): {manifest['dropped']}")
    print(f"unpacked {len(manifest['files'])} files into {dest}, every SHA-256 checked")

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    sub = ap.add_subparsers(dest='cmd', required=True)
    a = sub.add_parser('pack'); a.add_argument('src'); a.add_argument('out')
    a.add_argument('--optional', nargs='*', default=[]); a.add_argument('--budget', type=int, default=64*MIB - MIB)
    b = sub.add_parser('unpack'); b.add_argument('files_dir'); b.add_argument('dest')
    args = ap.parse_args()
    if args.cmd == 'pack': pack(args.src, args.out, args.optional, args.budget)
    else: unpack(args.files_dir, args.dest)
