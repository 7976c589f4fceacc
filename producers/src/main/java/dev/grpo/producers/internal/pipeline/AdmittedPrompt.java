package dev.grpo.producers.internal.pipeline;

import dev.grpo.producers.internal.admission.Admission;
import dev.grpo.producers.internal.sampling.TemplatedPrompt;

/**
 * A prompt whose group has been granted a slot.
 *
 * @param prompt the encoded prompt
 * @param admission the granted claim
 */
record AdmittedPrompt(TemplatedPrompt prompt, Admission admission) {
}
