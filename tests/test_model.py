"Integration checks of `featsr.model` with `featsr.export` (tiny narrow models, random weights)"
import json, pickle, warnings
import pytest, torch
import torch.nn.functional as F
from featsr.model import create_sr_model

warnings.filterwarnings('ignore', message='.*weight_norm.*')

@pytest.mark.parametrize('mode,scale', [('post', 4), ('pre', 2)])
def test_save_load_roundtrip(tmp_path, mode, scale):
    "A network saved with its JSON config is rebuilt by `load_model` and gives the same [0,1] output"
    from featsr.export import SRModel, save_model, load_model
    torch.manual_seed(0)
    net = create_sr_model('resnet18', mode, scale, pretrained=False, decoder_width=16)
    head = [l for l in net.layers if isinstance(l, torch.nn.Conv2d)][-1]  # the zero-initialised output conv
    with torch.no_grad(): head.weight.normal_(0, 0.01)  # move it off bicubic
    save_model(net, tmp_path/'m', config=json.loads(json.dumps(net.config)))
    x = torch.rand(1, 3, 20, 28)
    a = SRModel(net.eval(), scale=scale, mode=mode)(x)
    b = load_model(tmp_path/'m', device='cpu')(x)
    assert b.shape == (1, 3, 20*scale, 28*scale)
    torch.testing.assert_close(a, b)

def test_untrained_is_bicubic_in_unit_range():
    "Through `SRModel`, an untrained post model is bicubic upsampling (clamped to [0,1])"
    from featsr.export import SRModel
    net = create_sr_model('resnet18', 'post', 3, pretrained=False, decoder_width=16)
    x = torch.rand(2, 3, 32, 32)
    y = SRModel(net.eval(), scale=3, mode='post')(x)
    torch.testing.assert_close(y, F.interpolate(x, scale_factor=3, mode='bicubic', align_corners=False).clamp(0, 1),
                               atol=1e-5, rtol=1e-5)

def test_learner_pickles(tmp_path):
    "The model (with its fastai hooks) survives pickling, as `Learner.export` needs"
    net = create_sr_model('resnet18', 'post', 2, pretrained=False, decoder_width=16).eval()
    net2 = pickle.loads(pickle.dumps(net))
    x = torch.randn(1, 3, 32, 32)
    with torch.no_grad(): torch.testing.assert_close(net(x), net2.eval()(x))
