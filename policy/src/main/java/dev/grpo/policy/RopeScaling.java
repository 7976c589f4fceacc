package dev.grpo.policy;

/**
 * How a Hugging Face config stretches the rotary frequencies for longer contexts ({@code rope_scaling}); the
 * formulas are those of transformers' {@code _compute_linear_scaling_rope_parameters} and
 * {@code _compute_llama3_parameters}.
 *
 * @param kind linear or Llama 3
 * @param factor the scaling factor
 * @param lowFrequencyFactor Llama 3 only: {@code low_freq_factor}
 * @param highFrequencyFactor Llama 3 only: {@code high_freq_factor}
 * @param originalMaxPositions Llama 3 only: {@code original_max_position_embeddings}
 */
public record RopeScaling(Kind kind, double factor, double lowFrequencyFactor, double highFrequencyFactor,
                          int originalMaxPositions) {

    /** The supported {@code rope_type} values. */
    public enum Kind {
        /** Every frequency divided by the factor. */
        LINEAR,
        /** Llama 3.1: low frequencies divided by the factor, high ones kept, a smooth blend between. */
        LLAMA3
    }

    /**
     * @param factor the scaling factor
     * @return linear scaling
     */
    public static RopeScaling linear(double factor) {
        return new RopeScaling(Kind.LINEAR, factor, 0, 0, 0);
    }

    /**
     * @param inverseFrequency one unscaled inverse frequency {@code theta^(-2k/d)}
     * @return the scaled inverse frequency
     */
    public double scale(double inverseFrequency) {
        if (kind == Kind.LINEAR) {
            return inverseFrequency / factor;
        }
        double lowFrequencyWavelength = originalMaxPositions / lowFrequencyFactor;
        double highFrequencyWavelength = originalMaxPositions / highFrequencyFactor;
        double wavelength = 2 * Math.PI / inverseFrequency;
        if (wavelength > lowFrequencyWavelength) {
            return inverseFrequency / factor;
        }
        if (wavelength < highFrequencyWavelength) {
            return inverseFrequency;
        }
        double smooth = (originalMaxPositions / wavelength - lowFrequencyFactor)
                / (highFrequencyFactor - lowFrequencyFactor);
        return (1 - smooth) * inverseFrequency / factor + smooth * inverseFrequency;
    }
}
