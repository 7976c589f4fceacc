package dev.grpo.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grpo.policy.internal.checkpoint.SafeTensor;
import dev.grpo.policy.internal.checkpoint.Safetensors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * An independent forward pass of Hugging Face's Llama / Qwen2 / Qwen3 / Mistral decoders, written from the
 * transformers modeling equations in plain double precision (arrays and loops; none of the project's model code):
 * it reads {@code config.json} and the safetensors files of a model directory and returns next-token log-probs of
 * one unpadded sequence. Tests compare the DJL model against it.
 */
public final class HfReferenceForward {

    private final JsonNode config;
    private final Map<String, double[]> weights;
    private final int hidden;
    private final int heads;
    private final int kvHeads;
    private final int headDim;
    private final int vocabulary;
    private final double epsilon;
    private final double[] inverseFrequencies;

    private HfReferenceForward(JsonNode config, Map<String, double[]> weights) {
        this.config = config;
        this.weights = weights;
        hidden = config.get("hidden_size").asInt();
        heads = config.get("num_attention_heads").asInt();
        kvHeads = config.path("num_key_value_heads").asInt(heads);
        headDim = config.path("head_dim").isInt() ? config.get("head_dim").asInt() : hidden / heads;
        vocabulary = config.get("vocab_size").asInt();
        epsilon = config.get("rms_norm_eps").asDouble();
        inverseFrequencies = inverseFrequencies();
    }

    /**
     * @param directory a Hugging Face model directory (unsharded or sharded)
     * @return the reference model over its weights, widened exactly to double
     */
    public static HfReferenceForward read(Path directory) {
        try {
            ObjectMapper json = new ObjectMapper();
            JsonNode config = json.readTree(directory.resolve("config.json").toFile());
            Set<String> files = new LinkedHashSet<>();
            Path index = directory.resolve("model.safetensors.index.json");
            if (Files.exists(index)) {
                json.readTree(index.toFile()).get("weight_map").forEach(file -> files.add(file.asText()));
            } else {
                files.add("model.safetensors");
            }
            Map<String, double[]> weights = new HashMap<>();
            for (String file : files) {
                for (SafeTensor tensor : Safetensors.read(Files.readAllBytes(directory.resolve(file))).tensors().values()) {
                    weights.put(tensor.name(), decode(tensor));
                }
            }
            return new HfReferenceForward(config, weights);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double[] decode(SafeTensor tensor) {
        ByteBuffer bytes = ByteBuffer.wrap(tensor.data()).order(ByteOrder.LITTLE_ENDIAN);
        double[] values = new double[Math.toIntExact(tensor.elementCount())];
        for (int i = 0; i < values.length; i++) {
            values[i] = switch (tensor.dtype()) {
                case "F32" -> bytes.getFloat();
                case "BF16" -> Float.intBitsToFloat((bytes.getShort() & 0xFFFF) << 16);
                case "F16" -> half(bytes.getShort() & 0xFFFF);
                default -> throw new IllegalArgumentException("reference reads no " + tensor.dtype());
            };
        }
        return values;
    }

    private static double half(int bits) {
        int exponent = (bits >> 10) & 0x1F;
        double mantissa = bits & 0x3FF;
        double magnitude = exponent == 0 ? mantissa * Math.pow(2, -24)
                : (1 + mantissa / 1024) * Math.pow(2, exponent - 15);
        return (bits & 0x8000) != 0 ? -magnitude : magnitude;
    }

    /** transformers' default inverse frequencies, then linear or llama3 scaling. */
    private double[] inverseFrequencies() {
        double theta = config.get("rope_theta").asDouble();
        double[] frequencies = new double[headDim / 2];
        JsonNode scaling = config.path("rope_scaling");
        String type = scaling.path("rope_type").asText(scaling.path("type").asText("default"));
        for (int i = 0; i < frequencies.length; i++) {
            double frequency = 1.0 / Math.pow(theta, (2.0 * i) / headDim);
            if (type.equals("linear")) {
                frequency /= scaling.get("factor").asDouble();
            } else if (type.equals("llama3")) {
                frequency = llama3(frequency, scaling);
            }
            frequencies[i] = frequency;
        }
        return frequencies;
    }

    private static double llama3(double frequency, JsonNode scaling) {
        double factor = scaling.get("factor").asDouble();
        double low = scaling.get("low_freq_factor").asDouble();
        double high = scaling.get("high_freq_factor").asDouble();
        double oldContext = scaling.get("original_max_position_embeddings").asDouble();
        double wavelength = 2 * Math.PI / frequency;
        double scaled = wavelength > oldContext / low ? frequency / factor : frequency;
        boolean medium = !(wavelength < oldContext / high) && !(wavelength > oldContext / low);
        if (medium) {
            double smooth = (oldContext / wavelength - low) / (high - low);
            scaled = (1 - smooth) * scaled / factor + smooth * scaled;
        }
        return scaled;
    }

    /**
     * @param ids one sequence, positions 0 .. n-1
     * @return {@code [n][vocab]}: log softmax of the logits at each position
     */
    public double[][] logProbs(int[] ids) {
        int n = ids.length;
        double[][] x = new double[n][];
        for (int t = 0; t < n; t++) {
            x[t] = row(weights.get("model.embed_tokens.weight"), ids[t], hidden);
        }
        for (int layer = 0; layer < config.get("num_hidden_layers").asInt(); layer++) {
            String prefix = "model.layers." + layer + ".";
            double[][] attended = attention(prefix + "self_attn.", norm(x, prefix + "input_layernorm.weight"));
            x = add(x, attended);
            x = add(x, mlp(prefix + "mlp.", norm(x, prefix + "post_attention_layernorm.weight")));
        }
        x = norm(x, "model.norm.weight");
        double[] head = weights.containsKey("lm_head.weight") ? weights.get("lm_head.weight")
                : weights.get("model.embed_tokens.weight");
        double[][] result = new double[n][];
        for (int t = 0; t < n; t++) {
            result[t] = logSoftmax(linear(x[t], head, null, vocabulary));
        }
        return result;
    }

    private double[][] attention(String prefix, double[][] h) {
        int n = h.length;
        double[][] q = new double[n][];
        double[][] k = new double[n][];
        double[][] v = new double[n][];
        for (int t = 0; t < n; t++) {
            q[t] = linear(h[t], weights.get(prefix + "q_proj.weight"), weights.get(prefix + "q_proj.bias"),
                    heads * headDim);
            k[t] = linear(h[t], weights.get(prefix + "k_proj.weight"), weights.get(prefix + "k_proj.bias"),
                    kvHeads * headDim);
            v[t] = linear(h[t], weights.get(prefix + "v_proj.weight"), weights.get(prefix + "v_proj.bias"),
                    kvHeads * headDim);
            headNorm(q[t], weights.get(prefix + "q_norm.weight"));
            headNorm(k[t], weights.get(prefix + "k_norm.weight"));
            rotate(q[t], t);
            rotate(k[t], t);
        }
        double[][] out = new double[n][];
        int group = heads / kvHeads;
        for (int t = 0; t < n; t++) {
            double[] mixed = new double[heads * headDim];
            for (int head = 0; head < heads; head++) {
                int kvHead = head / group;
                double[] scores = new double[t + 1];
                for (int s = 0; s <= t; s++) {
                    double dot = 0;
                    for (int d = 0; d < headDim; d++) {
                        dot += q[t][head * headDim + d] * k[s][kvHead * headDim + d];
                    }
                    scores[s] = dot / Math.sqrt(headDim);
                }
                double[] p = softmax(scores);
                for (int s = 0; s <= t; s++) {
                    for (int d = 0; d < headDim; d++) {
                        mixed[head * headDim + d] += p[s] * v[s][kvHead * headDim + d];
                    }
                }
            }
            out[t] = linear(mixed, weights.get(prefix + "o_proj.weight"), weights.get(prefix + "o_proj.bias"), hidden);
        }
        return out;
    }

    /** Qwen3's RMSNorm over each head's dimensions, before the rotation; nothing when the model has none. */
    private void headNorm(double[] x, double[] gain) {
        if (gain == null) {
            return;
        }
        for (int start = 0; start < x.length; start += headDim) {
            double sum = 0;
            for (int d = 0; d < headDim; d++) {
                sum += x[start + d] * x[start + d];
            }
            double scale = 1 / Math.sqrt(sum / headDim + epsilon);
            for (int d = 0; d < headDim; d++) {
                x[start + d] = x[start + d] * scale * gain[d];
            }
        }
    }

    /** {@code x * cos + rotate_half(x) * sin} per head, with {@code rotate_half(x) = [-x2, x1]}. */
    private void rotate(double[] x, int position) {
        int half = headDim / 2;
        for (int start = 0; start < x.length; start += headDim) {
            for (int i = 0; i < half; i++) {
                double angle = position * inverseFrequencies[i];
                double x1 = x[start + i];
                double x2 = x[start + half + i];
                x[start + i] = x1 * Math.cos(angle) - x2 * Math.sin(angle);
                x[start + half + i] = x2 * Math.cos(angle) + x1 * Math.sin(angle);
            }
        }
    }

    private double[][] mlp(String prefix, double[][] h) {
        int intermediate = config.get("intermediate_size").asInt();
        double[][] out = new double[h.length][];
        for (int t = 0; t < h.length; t++) {
            double[] gate = linear(h[t], weights.get(prefix + "gate_proj.weight"), null, intermediate);
            double[] up = linear(h[t], weights.get(prefix + "up_proj.weight"), null, intermediate);
            double[] product = new double[intermediate];
            for (int i = 0; i < intermediate; i++) {
                product[i] = gate[i] / (1 + Math.exp(-gate[i])) * up[i];
            }
            out[t] = linear(product, weights.get(prefix + "down_proj.weight"), null, hidden);
        }
        return out;
    }

    private double[][] norm(double[][] x, String gainName) {
        double[] gain = weights.get(gainName);
        double[][] out = new double[x.length][hidden];
        for (int t = 0; t < x.length; t++) {
            double sum = 0;
            for (double value : x[t]) {
                sum += value * value;
            }
            double scale = 1 / Math.sqrt(sum / hidden + epsilon);
            for (int i = 0; i < hidden; i++) {
                out[t][i] = gain[i] * x[t][i] * scale;
            }
        }
        return out;
    }

    /** {@code x · Wᵀ + b} with W stored {@code [out, in]} as torch's Linear does. */
    private static double[] linear(double[] x, double[] weight, double[] bias, int outputs) {
        double[] y = new double[outputs];
        for (int o = 0; o < outputs; o++) {
            double sum = bias == null ? 0 : bias[o];
            for (int i = 0; i < x.length; i++) {
                sum += weight[o * x.length + i] * x[i];
            }
            y[o] = sum;
        }
        return y;
    }

    private static double[] row(double[] table, int index, int width) {
        double[] row = new double[width];
        System.arraycopy(table, index * width, row, 0, width);
        return row;
    }

    private static double[][] add(double[][] a, double[][] b) {
        double[][] sum = new double[a.length][a[0].length];
        for (int t = 0; t < a.length; t++) {
            for (int i = 0; i < a[t].length; i++) {
                sum[t][i] = a[t][i] + b[t][i];
            }
        }
        return sum;
    }

    private static double[] softmax(double[] scores) {
        double max = Double.NEGATIVE_INFINITY;
        for (double score : scores) {
            max = Math.max(max, score);
        }
        double total = 0;
        double[] p = new double[scores.length];
        for (int i = 0; i < scores.length; i++) {
            p[i] = Math.exp(scores[i] - max);
            total += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= total;
        }
        return p;
    }

    private static double[] logSoftmax(double[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (double logit : logits) {
            max = Math.max(max, logit);
        }
        double total = 0;
        for (double logit : logits) {
            total += Math.exp(logit - max);
        }
        double log = max + Math.log(total);
        double[] result = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            result[i] = logits[i] - log;
        }
        return result;
    }
}
