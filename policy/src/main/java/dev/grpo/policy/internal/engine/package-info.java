/**
 * The one adapter to the PyTorch engine's own classes ({@code ai.djl.pytorch.*}): everything else in the project uses
 * DJL's engine-neutral API, so a change of engine or of DJL's internals is confined to this package.
 */
package dev.grpo.policy.internal.engine;
