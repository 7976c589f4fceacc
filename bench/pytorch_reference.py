#!/usr/bin/python3
"""The PyTorch-eager baseline of `grpo bench learner` and `grpo bench sampler`.

Builds the same transformer as the project's policy module (own layout: rotary positions, RMSNorm, SwiGLU or GELU
MLP, fused projections) from the same checkpoint directory (config.json + model.safetensors) and times:

  learner  the learner's step on the batch `grpo bench learner --dump-batch FILE` wrote: policy forward (and the
           frozen reference's, when the KL coefficient is above 0), the GRPO loss against the behaviour log-probs,
           backward, gradient clipping and AdamW. Before timing it checks that its log-probs of the batch agree with
           the ones Java computed (exit status 2 when not), and after the first step it prints its loss and gradient
           norm beside Java's first step.
  sampler  KV-cache sampling of --batch sequences to exactly --tokens new tokens (temperature 1, no early stop),
           as `grpo bench sampler speed` does, after one untimed run of the same shape.

Both summarise their steps as the Java side does (median, p90 nearest rank, the first step apart) and can write them
with --json. Needs the Debian package python3-torch (or any torch >= 1.13); it is no test dependency.

  ./grpo bench learner --torch-threads 1 --dump-batch /tmp/batch.json
  /usr/bin/python3 bench/pytorch_reference.py learner --batch /tmp/batch.json --torch-threads 1
  /usr/bin/python3 bench/pytorch_reference.py sampler --model models/arithmetic-base --torch-threads 1
"""

import argparse
import json
import math
import os
import struct
import sys
import time


def openblas_core():
    """Names OpenBLAS's kernels from the CPU's flags unless OPENBLAS_CORETYPE already does.

    OpenBLAS picks its kernels by CPU model; a virtual machine that reports a generic model ("Intel Xeon Processor")
    gets the SSE3 (Prescott) ones, about 3x slower at these matrix products than the AVX-512 ones. It reads the
    variable when the library loads, that is when torch is imported, so this runs first.
    """
    if "OPENBLAS_CORETYPE" not in os.environ:
        try:
            with open("/proc/cpuinfo") as f:
                flags = set(f.read().split())
        except OSError:
            return
        if "avx512f" in flags and "avx512bw" in flags and "avx512vl" in flags:
            os.environ["OPENBLAS_CORETYPE"] = "SkylakeX"
        elif "avx2" in flags and "fma" in flags:
            os.environ["OPENBLAS_CORETYPE"] = "Haswell"


openblas_core()
import torch  # noqa: E402 (after openblas_core, which must run before the BLAS library loads)

MASKED = -1e9  # PaddedBatch.MASKED: the additive attention bias of a masked key
DTYPES = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16}


def read_checkpoint(directory):
    """config.json and model.safetensors of a checkpoint in the project's own layout, as (config, tensors)."""
    with open(os.path.join(directory, "config.json")) as f:
        config = json.load(f)
    if "model_type" in config or "architectures" in config:
        sys.exit(f"{directory}: a Hugging Face model; this reference builds only the project's own layout")
    for key, supported in (("positions", {"rotary"}), ("norm", {"rms_norm"}), ("mlp", {"swiglu", "gelu"})):
        if config[key] not in supported:
            sys.exit(f"{directory}/config.json: {key} '{config[key]}' is not supported here (only {supported})")
    path = os.path.join(directory, "model.safetensors")
    with open(path, "rb") as f:
        header_length = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(header_length))
        data = f.read()
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        start, end = entry["data_offsets"]
        raw = torch.frombuffer(bytearray(data[start:end]), dtype=DTYPES[entry["dtype"]])
        tensors[name] = raw.reshape(entry["shape"]).to(torch.float32)
    return config, tensors


class Transformer(torch.nn.Module):
    """CausalTransformer of the policy module: pre-norm layers, fused qkv and gate/up projections, untied head."""

    def __init__(self, config, tensors):
        super().__init__()
        self.config = config
        self.heads = config["heads"]
        self.head_width = config["d_model"] // config["heads"]
        self.eps = config["norm_eps"]
        self.swiglu = config["mlp"] == "swiglu"
        self.weights = torch.nn.ParameterDict({name.replace(".", "/"): torch.nn.Parameter(t.clone())
                                               for name, t in tensors.items()})
        half = self.head_width // 2
        theta = config["rope_theta"]
        # ModelConfig.rotaryFrequencies, in double precision as Java computes the tables
        self.frequencies = torch.tensor([theta ** (-2.0 * k / self.head_width) for k in range(half)],
                                        dtype=torch.float64)

    def w(self, name):
        return self.weights[name.replace(".", "/")]

    def rms(self, x, name):
        mean_square = x.square().mean(-1, keepdim=True)
        return x / (mean_square + self.eps).sqrt() * self.w(name)

    def rotary(self, positions):
        angles = positions.to(torch.float64).unsqueeze(-1) * self.frequencies
        return angles.cos().to(torch.float32).unsqueeze(1), angles.sin().to(torch.float32).unsqueeze(1)

    @staticmethod
    def rotate(x, cos, sin):
        first, second = x.chunk(2, dim=3)
        return torch.cat((first * cos - second * sin, second * cos + first * sin), dim=3)

    def hidden_states(self, tokens, positions, bias, cache=None):
        batch, width = tokens.shape
        cos, sin = self.rotary(positions)
        x = torch.nn.functional.embedding(tokens, self.w("embed.weight"))
        scale = 1 / math.sqrt(self.head_width)
        for layer in range(self.config["layers"]):
            p = f"layers.{layer}."
            normed = self.rms(x, p + "attnNorm.weight")
            q, k, v = torch.nn.functional.linear(normed, self.w(p + "attn.qkv.weight")).chunk(3, dim=2)
            q, k, v = (t.reshape(batch, width, self.heads, self.head_width).transpose(1, 2) for t in (q, k, v))
            q, k = self.rotate(q, cos, sin), self.rotate(k, cos, sin)
            keys = k.transpose(2, 3)
            if cache is not None:
                if layer in cache:
                    keys = torch.cat((cache[layer][0], keys), dim=3)
                    v = torch.cat((cache[layer][1], v), dim=2)
                cache[layer] = (keys, v)
            scores = (q * scale).matmul(keys) + bias
            mixed = scores.softmax(3).matmul(v).transpose(1, 2).reshape(batch, width, -1)
            x = x + torch.nn.functional.linear(mixed, self.w(p + "attn.out.weight"))
            normed = self.rms(x, p + "mlpNorm.weight")
            if self.swiglu:
                gate, up = torch.nn.functional.linear(normed, self.w(p + "mlp.gateUp.weight")).chunk(2, dim=2)
                hidden = gate * torch.sigmoid(gate) * up
            else:
                hidden = torch.nn.functional.gelu(torch.nn.functional.linear(normed, self.w(p + "mlp.up.weight")))
            x = x + torch.nn.functional.linear(hidden, self.w(p + "mlp.down.weight"))
        return self.rms(x, "norm.weight")

    def logits(self, hidden):
        return torch.nn.functional.linear(hidden, self.w("head.weight"))


def padded_batch(prompts, completions, pad_id):
    """PaddedBatch.ofPromptsAndContinuations: prompts left-padded, completions right-padded."""
    prompt_width = max(len(p) for p in prompts)
    completion_width = max(len(c) for c in completions)
    batch = len(prompts)
    tokens = torch.full((batch, prompt_width + completion_width), pad_id, dtype=torch.int64)
    real = torch.zeros(tokens.shape, dtype=torch.bool)
    pads_before = torch.tensor([prompt_width - len(p) for p in prompts])
    for b, (prompt, completion) in enumerate(zip(prompts, completions)):
        row = list(prompt) + list(completion)
        start = prompt_width - len(prompt)
        tokens[b, start:start + len(row)] = torch.tensor(row, dtype=torch.int64)
        real[b, start:start + len(row)] = True
    return tokens, real, pads_before, prompt_width


def positions_and_bias(real, pads_before, start, end):
    """PaddedBatch.input: position ids of columns [start, end) and their attention bias over columns [0, end)."""
    columns = torch.arange(start, end)
    positions = (columns.unsqueeze(0) - pads_before.unsqueeze(1)).clamp(min=0)
    keys = torch.arange(end)
    earlier = keys.unsqueeze(0) < columns.unsqueeze(1)
    same = keys.unsqueeze(0) == columns.unsqueeze(1)
    visible = same.unsqueeze(0) | (earlier.unsqueeze(0) & real[:, :end].unsqueeze(1))
    bias = torch.zeros(visible.shape).masked_fill(~visible, MASKED).unsqueeze(1)
    return positions, bias


def completion_log_probs(model, inputs, temperature):
    """CompletionScorer.logProbs: log softmax(logits / T) of every completion token, masked, [B, C]."""
    tokens, real, pads_before, prompt_width, targets, mask = inputs
    width = tokens.shape[1]
    positions, bias = positions_and_bias(real, pads_before, 0, width - 1)
    hidden = model.hidden_states(tokens[:, :width - 1], positions, bias)[:, prompt_width - 1:, :]
    log_probs = (model.logits(hidden) / (temperature if temperature != 0 else 1.0)).log_softmax(-1)
    return log_probs.gather(2, targets.unsqueeze(2)).squeeze(2) * mask


def scoring_inputs(samples, pad_id):
    prompts = [s["prompt"] for s in samples]
    completions = [s["completion"] for s in samples]
    tokens, real, pads_before, prompt_width = padded_batch(prompts, completions, pad_id)
    width = max(len(c) for c in completions)
    targets = torch.zeros((len(samples), width), dtype=torch.int64)
    mask = torch.zeros((len(samples), width))
    for b, completion in enumerate(completions):
        targets[b, :len(completion)] = torch.tensor(completion, dtype=torch.int64)
        mask[b, :len(completion)] = 1
    return tokens, real, pads_before, prompt_width, targets, mask


def padded_rows(rows, width):
    out = torch.zeros((len(rows), width))
    for b, row in enumerate(rows):
        out[b, :len(row)] = torch.tensor(row)
    return out


def token_weights(loss, mask, tokens, sequences):
    """LossAggregation.tokenWeights."""
    if loss["aggregation"] == "token-mean":
        return mask / tokens
    if loss["aggregation"] == "seq-mean-token-mean":
        return mask / mask.sum(1, keepdim=True) / sequences
    return mask / (loss["norm_length"] * sequences)


def grpo_loss(loss, log_probs, behaviour, reference, advantages, mask, tokens, sequences):
    """GrpoLoss.compute: clipped surrogate against the behaviour policy, plus β·k3 to the reference."""
    weights = token_weights(loss, mask, tokens, sequences)
    advantages = advantages.reshape(-1, 1)
    ratio = (log_probs - behaviour).exp()
    capped = ratio.clamp(max=loss["ratio_cap"]) if loss["ratio_cap"] > 0 else ratio
    clipped = ratio.clamp(1 - loss["clip_low"], 1 + loss["clip_high"])
    policy_loss = (-torch.minimum(capped * advantages, clipped * advantages) * weights).sum()
    total = policy_loss
    if loss["kl_coefficient"] > 0:
        log_ratio = reference - log_probs
        k3 = log_ratio.exp() - log_ratio - 1
        total = policy_loss + (k3 * weights).sum() * loss["kl_coefficient"]
    with torch.no_grad():  # the learner reports the clipped tokens; count them as it does
        flat = ((ratio > 1 + loss["clip_high"]) & (advantages > 0)) | ((ratio < 1 - loss["clip_low"]) & (advantages < 0))
        (flat.float() * mask).sum().item()
    return total


class Step:
    """StepTrainer.train on one mini-batch holding the whole step, then clipping and AdamW."""

    def __init__(self, batch, model, reference):
        self.batch = batch
        self.model = model
        self.reference = reference
        opt = batch["optimizer"]
        self.max_norm = opt["max_gradient_norm"]
        self.optimizer = torch.optim.AdamW(model.parameters(), lr=opt["learning_rate"],
                                           betas=(opt["beta1"], opt["beta2"]), eps=opt["epsilon"],
                                           weight_decay=opt["weight_decay"])

    def __call__(self):
        samples = self.batch["samples"]
        loss_settings = self.batch["loss"]
        temperature = self.batch["temperature"]
        inputs = scoring_inputs(samples, self.batch["pad_id"])
        width = inputs[-1].shape[1]
        tokens = sum(len(s["completion"]) for s in samples)
        self.optimizer.zero_grad(set_to_none=False)
        reference = None
        if self.reference is not None:
            with torch.no_grad():
                reference = completion_log_probs(self.reference, inputs, temperature)
        log_probs = completion_log_probs(self.model, inputs, temperature)
        behaviour = padded_rows([s["behaviour_logprobs"] for s in samples], width)
        advantages = torch.tensor([s["advantage"] for s in samples])
        loss = grpo_loss(loss_settings, log_probs, behaviour, reference, advantages, inputs[-1], tokens,
                         len(samples))
        loss.backward()
        value = loss.item()
        with torch.no_grad():
            (-log_probs.sum()).item()
        norm = torch.nn.utils.clip_grad_norm_(self.model.parameters(),
                                              self.max_norm if self.max_norm > 0 else float("inf")).item()
        self.optimizer.step()
        return value, norm


def blas():
    info = [line for line in torch.__config__.show().split(",") if "BLAS_INFO" in line]
    kind = info[0].split("=")[1] if info else "unknown"
    return f"BLAS {kind}" + (f" (OPENBLAS_CORETYPE={os.environ['OPENBLAS_CORETYPE']})"
                             if "OPENBLAS_CORETYPE" in os.environ else "")


def summary(warmup, timed):
    """StepTimes: the first step of the run, the median and p90 (nearest rank) of the timed steps."""
    ordered = sorted(timed)
    middle = len(ordered) // 2
    median = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    p90 = ordered[math.ceil(0.9 * len(ordered)) - 1]
    return {"first_step_s": (warmup or timed)[0], "median_s": median, "p90_s": p90, "warmup_s": warmup,
            "steps_s": timed}


def check_log_probs(model, batch, tolerance):
    """Largest difference between this model's log-probs of the batch and Java's, over real tokens."""
    samples = batch["samples"]
    inputs = scoring_inputs(samples, batch["pad_id"])
    with torch.no_grad():
        ours = completion_log_probs(model, inputs, batch["temperature"])
    theirs = padded_rows([s["logprobs"] for s in samples], ours.shape[1])
    difference = ((ours - theirs).abs() * inputs[-1]).max().item()
    verdict = "agree" if difference <= tolerance else "DISAGREE"
    print(f"log-probs of {int(inputs[-1].sum().item()):,} tokens {verdict} with Java's: "
          f"largest difference {difference:.2e} (tolerance {tolerance:.0e})")
    return difference <= tolerance


def learner(args):
    with open(args.batch) as f:
        batch = json.load(f)
    directory = args.model or batch["model"]
    config, tensors = read_checkpoint(directory)
    model = Transformer(config, tensors)
    reference = None
    if batch["loss"]["kl_coefficient"] > 0:
        reference = Transformer(config, tensors)
        reference.requires_grad_(False)
    parameters = sum(p.numel() for p in model.parameters())
    samples = batch["samples"]
    tokens = sum(len(s["completion"]) for s in samples)
    print(f"learner step (PyTorch {torch.__version__} eager): {directory} ({parameters:,} parameters), "
          f"intra-op threads {torch.get_num_threads()}, {blas()}")
    print(f"  {batch['groups']} groups x {batch['group_size']} = {len(samples)} sequences ({tokens:,} completion "
          f"tokens), β {batch['loss']['kl_coefficient']}; {args.warmup_rounds} warm-up + {args.steps} timed steps")
    agree = check_log_probs(model, batch, args.tolerance)
    step = Step(batch, model, reference)
    warmup, timed, first = [], [], None
    for index in range(args.warmup_rounds + args.steps):
        started = time.perf_counter()
        loss, norm = step()
        seconds = time.perf_counter() - started
        first = first or (loss, norm)
        warming = index < args.warmup_rounds
        (warmup if warming else timed).append(seconds)
        label, number = ("warm-up", index + 1) if warming else ("step", index - args.warmup_rounds + 1)
        print(f"  {label:<8} {number:2d}: {seconds:7.3f} s  (loss {loss:+.6f}, gradient norm {norm:.6f})")
    java = batch["first_step"]
    print(f"first step loss {first[0]:+.6f} (Java {java['loss']:+.6f}), gradient norm {first[1]:.6f} "
          f"(Java {java['gradient_norm']:.6f})")
    numbers = summary(warmup, timed)
    print(f"first step {numbers['first_step_s']:.3f} s; median {numbers['median_s']:.3f} s, "
          f"p90 {numbers['p90_s']:.3f} s over {len(timed)} timed steps")
    numbers.update({"implementation": "pytorch", "torch": torch.__version__, "blas": blas(), "model": directory,
                    "parameters": parameters, "threads": torch.get_num_threads(), "completion_tokens": tokens,
                    "logprobs_agree": agree, "first_loss": first[0], "first_gradient_norm": first[1]})
    return numbers, agree


def sampler(args):
    config, tensors = read_checkpoint(args.model)
    model = Transformer(config, tensors)
    model.requires_grad_(False)
    generator = torch.Generator().manual_seed(args.seed)
    # arithmetic prompts such as 47+38= and 473+381= are 6 to 8 characters
    prompts = [torch.randint(0, config["vocab_size"], (int(torch.randint(6, 9, (1,), generator=generator)),),
                             generator=generator).tolist() for _ in range(args.batch_size)]
    print(f"sampler (PyTorch {torch.__version__} eager, KV cache): {args.model}, intra-op threads "
          f"{torch.get_num_threads()}, {blas()}; batch {args.batch_size}, {args.tokens} new tokens, temperature 1, "
          f"median of {args.runs} runs after one untimed run")
    generate(model, prompts, args.tokens, generator)
    rates = []
    for run in range(args.runs):
        started = time.perf_counter()
        generate(model, prompts, args.tokens, generator)
        seconds = time.perf_counter() - started
        rates.append(args.batch_size * args.tokens / seconds)
        print(f"  kv-cache   run {run + 1}: {args.batch_size * args.tokens:5d} tokens in {seconds:6.2f} s = "
              f"{rates[-1]:8.1f} tokens/s")
    median = sorted(rates)[len(rates) // 2]
    print(f"  kv-cache   median: {median:.1f} tokens/s")
    return {"implementation": "pytorch", "torch": torch.__version__, "model": args.model,
            "threads": torch.get_num_threads(), "batch": args.batch_size, "tokens": args.tokens,
            "tokens_per_s": rates, "median_tokens_per_s": median}, True


@torch.no_grad()
def generate(model, prompts, new_tokens, generator):
    """Sampler.generate with the KV cache: prefill the left-padded prompts, then one column per step."""
    tokens, real, pads_before, width = padded_batch(prompts, [[0]] * len(prompts), 0)
    tokens, real = tokens[:, :width], real[:, :width]
    cache = {}
    start = 0
    for _ in range(new_tokens):
        positions, bias = positions_and_bias(real, pads_before, start, tokens.shape[1])
        hidden = model.hidden_states(tokens[:, start:], positions, bias, cache)[:, -1:, :]
        log_probs = model.logits(hidden).squeeze(1).log_softmax(-1)
        column = torch.multinomial(log_probs.exp(), 1, generator=generator)
        start = tokens.shape[1]
        tokens = torch.cat((tokens, column), dim=1)
        real = torch.cat((real, torch.ones((len(prompts), 1), dtype=torch.bool)), dim=1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    modes = parser.add_subparsers(dest="mode", required=True)
    learn = modes.add_parser("learner", help="time the learner step on a batch grpo bench learner dumped")
    learn.add_argument("--batch", required=True, help="the file grpo bench learner --dump-batch wrote")
    learn.add_argument("--model", help="the checkpoint directory (default: the one the batch names)")
    learn.add_argument("--warmup-rounds", type=int, default=3, help="untimed steps first (default: 3)")
    learn.add_argument("--steps", type=int, default=10, help="timed steps (default: 10)")
    learn.add_argument("--tolerance", type=float, default=1e-4,
                       help="largest log-prob difference to Java's that passes the check (default: 1e-4)")
    sample = modes.add_parser("sampler", help="time KV-cache sampling as grpo bench sampler speed does")
    sample.add_argument("--model", default="models/arithmetic-base", help="the checkpoint directory")
    sample.add_argument("--batch-size", type=int, default=16, help="sequences per batch (default: 16)")
    sample.add_argument("--tokens", type=int, default=256, help="new tokens per sequence (default: 256)")
    sample.add_argument("--runs", type=int, default=3, help="timed runs; the median is reported (default: 3)")
    sample.add_argument("--seed", type=int, default=0, help="seeds the prompts and the draws (default: 0)")
    for mode in (learn, sample):
        mode.add_argument("--torch-threads", type=int, default=1, help="torch.set_num_threads (default: 1)")
        mode.add_argument("--json", help="also write the numbers to this JSON file")
    args = parser.parse_args()
    if args.torch_threads < 1:
        parser.error(f"--torch-threads must be >= 1, got {args.torch_threads}")
    if args.mode == "learner" and (args.steps < 1 or args.warmup_rounds < 0):
        parser.error("--steps must be >= 1 and --warmup-rounds >= 0")
    torch.set_num_threads(args.torch_threads)
    numbers, ok = learner(args) if args.mode == "learner" else sampler(args)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(numbers, f, indent=2)
    sys.exit(0 if ok else 2)


if __name__ == "__main__":
    main()
