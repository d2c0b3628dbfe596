"""featsr.loss: a learner exported without the loss network loads in a fresh process."""
import os, subprocess, sys, textwrap
import torch
from torch import nn

def test_export_loads_in_fresh_process(tmp_path):
    torch.set_num_threads(1)
    from fastai.data.core import Datasets
    from fastai.data.transforms import ItemGetter
    from fastai.learner import Learner
    from featsr.loss import FeatureLoss, LossMetrics, export_without_loss
    torch.manual_seed(0)
    items = [(x, x.flip(-1)) for x in torch.randn(6, 3, 16, 16)]
    dls = Datasets(items, tfms=[[ItemGetter(0)], [ItemGetter(1)]], splits=[range(4), range(4, 6)]).dataloaders(bs=2, device='cpu')
    loss = FeatureLoss(pretrained=False, blocks=(1, 2), layer_wgts=(1., 1.))
    learn = Learner(dls, nn.Conv2d(3, 3, 3, padding=1), loss_func=loss, metrics=LossMetrics(loss), path=tmp_path)
    export_without_loss(learn, 'tiny.pkl')
    assert learn.loss_func is loss
    assert (tmp_path/'tiny.pkl').stat().st_size < 200_000  # the VGG (even cut at block 2) is not inside
    x = items[0][0][None]
    torch.save(learn.model(x).detach(), tmp_path/'expected.pt')
    code = textwrap.dedent(f"""
        import torch
        from fastai.learner import load_learner
        learn = load_learner({str(tmp_path/'tiny.pkl')!r})
        assert type(learn.loss_func).__name__ == 'BaseLoss', learn.loss_func
        assert [m.name for m in learn.metrics] == ['pixel', 'feat_0', 'feat_1', 'gram_0', 'gram_1']
        torch.testing.assert_close(learn.model(torch.load({str(tmp_path/'x.pt')!r})), torch.load({str(tmp_path/'expected.pt')!r}))
        print('ok')
    """)
    torch.save(x, tmp_path/'x.pt')
    env = dict(os.environ, OMP_NUM_THREADS='1')
    r = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)
    assert r.returncode == 0 and 'ok' in r.stdout, r.stderr[-3000:]
