#!/usr/bin/python3
"""Fixtures for the HAT checkpoint loader, made by HAT's own code (github.com/mit-han-lab/hardware-aware-transformers).

Run with Debian's torch 1.13 (see README.md beside this file):

    /usr/bin/python3 scripts/hat-fixtures/make_fixtures.py --hat /path/to/hat-checkout --out test/fixtures/hat-checkpoint

It builds, with HAT's preprocess.py, TransformerSuperModel, label-smoothed criterion, Trainer and
fairseq.evolution.validate_all (the function HAT's evo_search.py scores SubTransformers with):

- two tiny SuperTransformers saved through fairseq's checkpoint_utils.save_state, optimizer state included:
  `joined` (shared dictionary and embeddings, en->de, like HAT's WMT models) in torch's zip and legacy formats, fp32
  and fp16; `separate` (separate dictionaries and tables, de->en, vocab_original_scaling, like IWSLT) in zip fp32;
- fairseq's dictionaries and mmap-binarized valid sets (plus the BPE'd text they were made from);
- expected.json: per SubTransformer config, HAT's valid_loss (`hatLoss`), the NLL meter, the token and sentence
  counts, and the batches fairseq built; logits/*.f32: the per-position logits of every target token.

Nothing here is shipped; the outputs are committed as test fixtures.
"""
import argparse
import copy
import json
import os
import random
import shutil
import sys
import tempfile
import types

import numpy as np

# HAT's fairseq (2020) uses numpy aliases removed since numpy 1.24.
np.float = float
np.int = int
np.bool = bool

import torch  # noqa: E402

WORDS = [f"w{i}" for i in range(70)] + [f"p{i}@@" for i in range(20)]


def sentence(rng, low, high):
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    # BPE continuations never end a sentence.
    if words[-1].endswith("@@"):
        words[-1] = words[-1][:-2]
    return " ".join(words)


def write_corpus(directory, src, tgt, seed):
    rng = random.Random(seed)
    os.makedirs(directory, exist_ok=True)
    for split, count, low, high in (("train", 300, 3, 12), ("valid", 20, 2, 11)):
        for lang in (src, tgt):
            with open(os.path.join(directory, f"{split}.{lang}"), "w", encoding="utf-8") as f:
                for _ in range(count):
                    f.write(sentence(rng, low, high) + "\n")


def run_preprocess(hat, src, tgt, joined, destdir):
    argv = ["preprocess.py", "--source-lang", src, "--target-lang", tgt, "--trainpref", "text/train",
            "--validpref", "text/valid", "--destdir", destdir, "--workers", "1"]
    if joined:
        argv.append("--joined-dictionary")
    sys.argv = argv
    import preprocess
    preprocess.cli_main()


SPACE_COMMON = """
arch: transformersuper
max-tokens: 4096
max-tokens-valid: 60
optimizer: nag
lr: 0.001
lr-scheduler: inverse_sqrt
warmup-updates: 10
warmup-init-lr: 1e-7
criterion: label_smoothed_cross_entropy
label-smoothing: 0.1
dropout: 0.3
attention-dropout: 0.1
encoder-embed-dim: 32
decoder-embed-dim: 32
encoder-ffn-embed-dim: 48
decoder-ffn-embed-dim: 48
encoder-layers: 6
decoder-layers: 6
encoder-attention-heads: 4
decoder-attention-heads: 4
qkv-dim: 16
encoder-embed-choice: [32, 24]
decoder-embed-choice: [32, 24]
encoder-ffn-embed-dim-choice: [48, 32, 16]
decoder-ffn-embed-dim-choice: [48, 32, 16]
encoder-layer-num-choice: [6, 5, 4, 3, 2, 1]
decoder-layer-num-choice: [6, 5, 4, 3, 2, 1]
encoder-self-attention-heads-choice: [4, 2]
decoder-self-attention-heads-choice: [4, 2]
decoder-ende-attention-heads-choice: [4, 2]
decoder-arbitrary-ende-attn-choice: [-1, 1, 2]
"""


def parse_args(space_file, extra):
    from fairseq import options
    parser = options.get_training_parser()
    parser.add_argument('--train-subtransformer', action='store_true', default=False)
    parser.add_argument('--sub-configs', required=False, is_config_file=True)
    parser.add_argument('--validate-subtransformer', action='store_true', default=False)
    parser.add_argument('--valid-cnt-max', type=int, default=1e9)
    options.add_generation_args(parser)
    return options.parse_args_and_arch(parser, input_args=[f'--configs={space_file}', '--cpu', '--no-progress-bar',
                                                           '--seed', '1'] + extra)


def config(e_dim, e_layers, e_ffn, e_heads, d_dim, d_layers, d_ffn, d_self, d_ende, d_attn):
    pad = lambda values, fill: list(values) + [fill] * (6 - len(values))  # noqa: E731
    return {
        'encoder': {'encoder_embed_dim': e_dim, 'encoder_layer_num': e_layers,
                    'encoder_ffn_embed_dim': pad(e_ffn, 48), 'encoder_self_attention_heads': pad(e_heads, 4)},
        'decoder': {'decoder_embed_dim': d_dim, 'decoder_layer_num': d_layers,
                    'decoder_ffn_embed_dim': pad(d_ffn, 48), 'decoder_self_attention_heads': pad(d_self, 4),
                    'decoder_ende_attention_heads': pad(d_ende, 4), 'decoder_arbitrary_ende_attn': pad(d_attn, -1)},
    }


# Every attention code, encoder and decoder depths 1-6, mixed per-layer widths and heads, both embed dims.
JOINED_CONFIGS = {
    'largest': config(32, 6, [48] * 6, [4] * 6, 32, 6, [48] * 6, [4] * 6, [4] * 6, [-1] * 6),
    'smallest': config(24, 1, [16], [2], 24, 1, [16], [2], [2], [-1]),
    'mixed-a': config(32, 6, [48, 32, 16, 48, 32, 16], [4, 2, 4, 2, 4, 2], 24, 3, [32, 16, 48], [2, 4, 2],
                      [4, 2, 2], [1, 2, -1]),
    'mixed-b': config(24, 5, [32, 32, 16, 48, 16], [2, 2, 4, 4, 2], 32, 2, [16, 48], [4, 2], [2, 4], [2, 1]),
    'mixed-c': config(32, 4, [16, 48, 32, 16], [4, 4, 2, 2], 32, 4, [48, 16, 32, 48], [2, 2, 4, 4],
                      [4, 4, 2, 2], [-1, 1, 1, 2]),
    'mixed-d': config(24, 3, [48, 16, 32], [2, 4, 4], 24, 5, [16, 32, 48, 16, 32], [4, 4, 2, 2, 4],
                      [2, 4, 4, 2, 2], [2, -1, 1, 2, -1]),
    'identity-copies': config(32, 2, [32, 48], [4, 2], 32, 6, [32] * 6, [2, 4, 2, 4, 2, 4], [4, 2, 4, 2, 4, 2],
                              [2, 1, 2, 1, -1, 2]),
    'shallow-encoder': config(24, 1, [48], [4], 32, 4, [32, 32, 16, 16], [4, 4, 4, 4], [2, 2, 2, 2],
                              [1, 2, -1, 1]),
    'deep-decoder': config(32, 6, [16, 16, 16, 32, 32, 32], [2] * 6, 24, 6, [48, 32, 16, 48, 32, 16],
                           [2, 4, 2, 4, 2, 4], [4, 2, 4, 2, 4, 2], [-1, 2, 1, -1, 2, 1]),
    'mid-depth': config(32, 4, [32, 32, 32, 32], [4, 2, 2, 4], 32, 3, [48, 48, 48], [4, 4, 2], [2, 2, 4],
                        [1, 1, 2]),
}
SEPARATE_CONFIGS = {k: JOINED_CONFIGS[k] for k in ('largest', 'smallest', 'mixed-a', 'identity-copies')}


def to_yaml(cfg):
    e, d = cfg['encoder'], cfg['decoder']
    el, dl = e['encoder_layer_num'], d['decoder_layer_num']
    return (f"encoder-embed-dim-subtransformer: {e['encoder_embed_dim']}\n"
            f"decoder-embed-dim-subtransformer: {d['decoder_embed_dim']}\n\n"
            f"encoder-ffn-embed-dim-all-subtransformer: {e['encoder_ffn_embed_dim'][:el]}\n"
            f"decoder-ffn-embed-dim-all-subtransformer: {d['decoder_ffn_embed_dim'][:dl]}\n\n"
            f"encoder-layer-num-subtransformer: {el}\n"
            f"decoder-layer-num-subtransformer: {dl}\n\n"
            f"encoder-self-attention-heads-all-subtransformer: {e['encoder_self_attention_heads'][:el]}\n"
            f"decoder-self-attention-heads-all-subtransformer: {d['decoder_self_attention_heads'][:dl]}\n"
            f"decoder-ende-attention-heads-all-subtransformer: {d['decoder_ende_attention_heads'][:dl]}\n\n"
            f"decoder-arbitrary-ende-attn-all-subtransformer: {d['decoder_arbitrary_ende_attn'][:dl]}\n")


def build(args, seed):
    """HAT's task, model (fairseq's initialisation plus noise, so biases and norms matter), criterion, optimizer."""
    from fairseq import tasks, optim
    from fairseq.optim import lr_scheduler
    task = tasks.setup_task(args)
    task.load_dataset('valid', combine=False, epoch=0)
    torch.manual_seed(seed)
    model = task.build_model(args)
    with torch.no_grad():
        for _, p in model.named_parameters():
            p.add_(0.2 * torch.randn_like(p))
    criterion = task.build_criterion(args)
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = optim.build_optimizer(args, params)
    scheduler = lr_scheduler.build_lr_scheduler(args, optimizer)
    # Training mode fails under torch 1.13 (HAT scales a view in place): one step on random gradients gives the
    # optimizer its state (exp_avg, exp_avg_sq), which the loader must skip.
    for p in params:
        p.grad = 0.01 * torch.randn_like(p)
    optimizer.step()
    return task, model, criterion, optimizer, scheduler


def copy_of(task, args, state):
    """A fresh model holding `state` (HAT's modules keep weight views, which deepcopy refuses)."""
    model = task.build_model(args)
    model.load_state_dict(state)
    return model


def save(path, args, state_dict, criterion, optimizer, scheduler):
    from fairseq import checkpoint_utils
    checkpoint_utils.save_state(path, args, state_dict, criterion, optimizer, scheduler, 7, None,
                                {'val_loss': 3.25, 'train_iterator': {'epoch': 1, 'iterations_in_epoch': 0}})


def evaluate(args, task, model, criterion, configs, logits_dir, tag, logits_for):
    """validate_all as evo_search.py runs it, plus the logits of the same batches."""
    from fairseq.trainer import Trainer
    from fairseq.evolution import validate_all
    from fairseq import utils
    trainer = Trainer(args, task, model, criterion)
    epoch_itr = types.SimpleNamespace(epoch=1)
    results = {}
    for name, cfg in configs.items():
        [hat_loss] = validate_all(args, trainer, task, epoch_itr, [cfg])
        nll_meter = trainer.get_meter('valid_nll_loss').avg
        itr = task.get_batch_iterator(
            dataset=task.dataset('valid'), max_tokens=args.max_tokens_valid, max_sentences=args.max_sentences_valid,
            max_positions=utils.resolve_max_positions(task.max_positions(), model.max_positions()),
            ignore_invalid_inputs=args.skip_invalid_size_inputs_valid_test,
            required_batch_size_multiple=args.required_batch_size_multiple, seed=args.seed,
        ).next_epoch_itr(shuffle=False)
        model.eval()
        model.set_sample_config(cfg)
        rows, batches, nll_sum, tokens, sentences = {}, [], 0.0, 0, 0
        pad = task.target_dictionary.pad()
        with torch.no_grad():
            for sample in itr:
                batches.append(sample['id'].tolist())
                logits, _ = model(**sample['net_input'])
                lprobs = torch.log_softmax(logits.double(), dim=-1)
                target = sample['target']
                for b, sid in enumerate(sample['id'].tolist()):
                    n = int(target[b].ne(pad).sum())
                    rows[sid] = logits[b, :n].float().numpy()
                    nll_sum += float(-lprobs[b, torch.arange(n), target[b, :n]].sum())
                tokens += sample['ntokens']
                sentences += sample['nsentences']
        results[name] = {'hatLoss': hat_loss, 'nllLossBase2': nll_meter, 'validLoss': nll_sum / tokens,
                         'tokens': tokens, 'sentences': sentences, 'batches': batches}
        if name in logits_for:
            # Every target position of every sentence, sentences in dataset order: [tokens, vocab] float32.
            file = f"{tag}-{name}.f32"
            np.concatenate([rows[i] for i in sorted(rows)]).astype('<f4').tofile(os.path.join(logits_dir, file))
            results[name]['logits'] = f"logits/{file}"
    return results


def fixture(hat, work, out, name, src, tgt, joined, extra, configs, formats, logits_for, sub_config=None):
    os.chdir(work)
    write_corpus('text', src, tgt, seed=17 if joined else 23)
    data = f"data-{name}"
    run_preprocess(hat, src, tgt, joined, data)
    space = f"space-{name}.yml"
    with open(space, 'w') as f:
        f.write(SPACE_COMMON + f"data: {data}\nsource-lang: {src}\ntarget-lang: {tgt}\n" + extra)
    args = parse_args(space, [])
    task, model, criterion, optimizer, scheduler = build(args, seed=3 if joined else 5)
    os.makedirs(os.path.join(out, 'logits'), exist_ok=True)
    os.makedirs(os.path.join(out, data), exist_ok=True)
    for file in (f for f in os.listdir(data) if not f.startswith('train.')):
        shutil.copy(os.path.join(data, file), os.path.join(out, data, file))
    for lang in (src, tgt):
        shutil.copy(f"text/valid.{lang}", os.path.join(out, data, f"valid.bpe.{lang}"))
    expected = {'args': {'src': src, 'tgt': tgt, 'labelSmoothing': args.label_smoothing,
                         'maxTokensValid': args.max_tokens_valid}, 'checkpoints': {}, 'configs': {}}
    fp32_state = model.state_dict()
    # As fairseq's FP16Trainer saves: the model itself in half precision (shared tables stay one storage).
    fp16_state = copy_of(task, args, fp32_state).half().state_dict()
    for fmt in formats:
        state, precision, legacy = (fp16_state, 'fp16', fmt.endswith('legacy')) if fmt.startswith('fp16') \
            else (fp32_state, 'fp32', fmt.endswith('legacy'))
        path = f"{name}-{fmt}.pt"
        save(path, args, state, criterion, optimizer, scheduler)
        if legacy:
            torch.save(torch.load(path), path, _use_new_zipfile_serialization=False)
        shutil.copy(path, os.path.join(out, path))
        expected['checkpoints'][fmt] = {'file': path, 'precision': precision, 'legacy': legacy,
                                        'bytes': os.path.getsize(path)}
    if sub_config:
        # A trained SubTransformer checkpoint (HAT_*.pt) records its config as --*-subtransformer args, as
        # train.py --train-subtransformer leaves them; HAT saves it like any other (here without optimizer state).
        sub_args = copy.copy(args)
        e, d = configs[sub_config]['encoder'], configs[sub_config]['decoder']
        el, dl = e['encoder_layer_num'], d['decoder_layer_num']
        sub_args.train_subtransformer = True
        sub_args.no_save_optimizer_state = True
        sub_args.encoder_embed_dim_subtransformer = e['encoder_embed_dim']
        sub_args.decoder_embed_dim_subtransformer = d['decoder_embed_dim']
        sub_args.encoder_layer_num_subtransformer = el
        sub_args.decoder_layer_num_subtransformer = dl
        sub_args.encoder_ffn_embed_dim_all_subtransformer = e['encoder_ffn_embed_dim'][:el]
        sub_args.decoder_ffn_embed_dim_all_subtransformer = d['decoder_ffn_embed_dim'][:dl]
        sub_args.encoder_self_attention_heads_all_subtransformer = e['encoder_self_attention_heads'][:el]
        sub_args.decoder_self_attention_heads_all_subtransformer = d['decoder_self_attention_heads'][:dl]
        sub_args.decoder_ende_attention_heads_all_subtransformer = d['decoder_ende_attention_heads'][:dl]
        sub_args.decoder_arbitrary_ende_attn_all_subtransformer = d['decoder_arbitrary_ende_attn'][:dl]
        path = f"{name}-subtransformer-fp16.pt"
        save(path, sub_args, fp16_state, criterion, optimizer, scheduler)
        shutil.copy(path, os.path.join(out, path))
        expected['checkpoints']['subtransformer-fp16'] = {'file': path, 'precision': 'fp16', 'legacy': False,
                                                          'bytes': os.path.getsize(path), 'subTransformer': sub_config}
    for cfg_name, cfg in configs.items():
        with open(os.path.join(out, 'configs', f"{cfg_name}.yml"), 'w') as f:
            f.write(to_yaml(cfg))
    for precision in sorted({expected['checkpoints'][fmt]['precision'] for fmt in formats}):
        # HAT loads an fp16 checkpoint into its fp32 model (load_state_dict converts), as evo_search.py does.
        evaluated = model if precision == 'fp32' else copy_of(task, args, fp16_state)
        expected['configs'][precision] = evaluate(args, task, evaluated, criterion, configs,
                                                  os.path.join(out, 'logits'), f"{name}-{precision}",
                                                  logits_for[precision])
    with open(os.path.join(out, f"expected-{name}.json"), 'w') as f:
        json.dump(expected, f, indent=1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--hat', required=True, help='a work tree of HAT (mit-han-lab/hardware-aware-transformers)')
    parser.add_argument('--out', required=True, help='fixture folder, e.g. test/fixtures/hat-checkpoint')
    opts = parser.parse_args()
    hat, out = os.path.abspath(opts.hat), os.path.abspath(opts.out)
    sys.path.insert(0, hat)
    os.makedirs(os.path.join(out, 'configs'), exist_ok=True)
    work = tempfile.mkdtemp(prefix='hat-fixtures-')
    fixture(hat, work, out, 'joined', 'en', 'de', True, "share-all-embeddings: True\n", JOINED_CONFIGS,
            ['fp32', 'fp16', 'fp16-legacy'], {'fp32': set(JOINED_CONFIGS), 'fp16': {'largest', 'mixed-a'}},
            sub_config='mixed-a')
    fixture(hat, work, out, 'separate', 'de', 'en', False, "vocab-original-scaling: True\n", SEPARATE_CONFIGS,
            ['fp16'], {'fp16': set(SEPARATE_CONFIGS)})
    shutil.rmtree(work)


if __name__ == '__main__':
    main()
