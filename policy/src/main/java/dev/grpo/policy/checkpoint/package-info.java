/**
 * Checkpoints: weights as safetensors (readable by PyTorch and HuggingFace tools), {@code config.json} and a
 * sha256 file, written atomically and verified on load.
 */
package dev.grpo.policy.checkpoint;
