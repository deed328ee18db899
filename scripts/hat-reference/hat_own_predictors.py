"""HAT's own trained latency predictors on HAT's published SubTransformers: the numbers HAT Explorer must beat.

Runs HAT's code (its `latency_predictor.LatencyPredictor` and `fairseq.utils.get_config_features`) on its checkpoints
`latency_dataset/predictors/<task>_<device>.pt`, with the feature and latency divisors of its
`configs/<task>/latency_predictor/<device>.yml`, for every published model in test/fixtures/hat-configs/published.json
(the config files beside it are HAT's `configs/<task>/subtransformer/HAT_*.yml`). Writes
test/fixtures/hat-configs/hat-own-predictions.json. Not run by CI: it needs HAT's checkout and PyTorch.

    git -C <HAT mirror> archive HEAD | tar -x -C /tmp/hat     # or any checkout of HAT's repository
    HAT_COMMIT=$(git -C <HAT mirror> rev-parse HEAD) /usr/bin/python3 scripts/hat-reference/hat_own_predictors.py /tmp/hat

Debian's PyTorch 1.13 runs it (see /work/shared/hat-reference/README.md). Importing HAT's fairseq needs two shims
that change nothing this script uses: numpy's removed aliases, and `pyximport` (fairseq's data loader compiles a
Cython batching helper at import time; predicting latency never batches data).
"""

import json
import os
import subprocess
import sys
import types

import numpy as np
import yaml

np.float = float  # HAT's fairseq uses numpy aliases removed in numpy 1.24
np.int = int
np.bool = bool

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(REPO, 'test', 'fixtures', 'hat-configs')
DEVICES = {
    'Raspberry Pi ARM Cortex-A72 CPU': 'cpu_raspberrypi',
    'Intel Xeon E5-2640 CPU': 'cpu_xeon',
    'Nvidia TITAN Xp GPU': 'gpu_titanxp',
}


def subtransformer_config(path):
    """HAT's config dict, as fairseq.utils.get_subtransformer_config builds it from the parsed YAML arguments."""
    with open(path) as f:
        y = yaml.safe_load(f)
    return {
        'encoder': {
            'encoder_embed_dim': y['encoder-embed-dim-subtransformer'],
            'encoder_layer_num': y['encoder-layer-num-subtransformer'],
            'encoder_ffn_embed_dim': y['encoder-ffn-embed-dim-all-subtransformer'],
            'encoder_self_attention_heads': y['encoder-self-attention-heads-all-subtransformer'],
        },
        'decoder': {
            'decoder_embed_dim': y['decoder-embed-dim-subtransformer'],
            'decoder_layer_num': y['decoder-layer-num-subtransformer'],
            'decoder_ffn_embed_dim': y['decoder-ffn-embed-dim-all-subtransformer'],
            'decoder_self_attention_heads': y['decoder-self-attention-heads-all-subtransformer'],
            'decoder_ende_attention_heads': y['decoder-ende-attention-heads-all-subtransformer'],
            'decoder_arbitrary_ende_attn': y['decoder-arbitrary-ende-attn-all-subtransformer'],
        },
    }


def main(hat_dir):
    sys.path.insert(0, hat_dir)
    sys.modules['pyximport'] = types.SimpleNamespace(install=lambda *args, **kwargs: None)
    fast = types.ModuleType('fairseq.data.data_utils_fast')
    fast.batch_by_size_fast = None
    sys.modules['fairseq.data.data_utils_fast'] = fast
    from latency_predictor import LatencyPredictor  # HAT's class: its Net, load_ckpt and predict_lat

    with open(os.path.join(FIXTURES, 'published.json')) as f:
        published = json.load(f)
    predictors = {}
    rows = []
    for model in published:
        task = model['task'].replace('.', '').replace('-', '')
        name = f"{task}_{DEVICES[model['hardware']]}"
        if name not in predictors:
            with open(os.path.join(hat_dir, 'configs', model['task'], 'latency_predictor', f"{DEVICES[model['hardware']]}.yml")) as f:
                settings = yaml.safe_load(f)
            predictor = LatencyPredictor(
                feature_norm=settings['feature-norm'],
                lat_norm=settings['lat-norm'],
                ckpt_path=os.path.join(hat_dir, 'latency_dataset', 'predictors', f'{name}.pt'),
                feature_dim=settings['feature-dim'],
                hidden_dim=settings['hidden-dim'],
                hidden_layer_num=settings['hidden-layer-num'],
            )
            predictor.load_ckpt()
            predictors[name] = predictor
        config = subtransformer_config(os.path.join(FIXTURES, model['task'], f"{model['model']}.yml"))
        rows.append({
            'model': model['model'],
            'predictor': f'latency_dataset/predictors/{name}.pt',
            'latencyMs': round(predictors[name].predict_lat(config), 3),
        })
    commit = subprocess.run(['git', '-C', hat_dir, 'rev-parse', 'HEAD'], capture_output=True, text=True).stdout.strip()
    out = {
        'source': "HAT's own latency predictors (mit-han-lab/hardware-aware-transformers, MIT), run by "
                  'scripts/hat-reference/hat_own_predictors.py on the configs beside this file',
        'hatCommit': commit or os.environ.get('HAT_COMMIT', 'unknown'),
        'torch': __import__('torch').__version__,
        'predictions': rows,
    }
    with open(os.path.join(FIXTURES, 'hat-own-predictions.json'), 'w') as f:
        f.write(json.dumps(out, indent=2) + '\n')
    print(f'wrote {len(rows)} predictions')


if __name__ == '__main__':
    if len(sys.argv) != 2:
        sys.exit('usage: hat_own_predictors.py <HAT checkout>')
    main(os.path.abspath(sys.argv[1]))
