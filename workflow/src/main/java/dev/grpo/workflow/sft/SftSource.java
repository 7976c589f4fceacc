package dev.grpo.workflow.sft;

import dev.grpo.policy.TrainingText;
import dev.grpo.policy.ScoringRequest;
import dev.grpo.policy.Tokenizer;
import dev.grpo.policy.UnknownCharacterException;
import dev.grpo.records.SftExample;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Where an SFT run reads its examples: a topic of token ids, or a JSONL file of text to tokenize. */
public sealed interface SftSource permits SftSource.FromTopic, SftSource.FromFile {

    /** How the run names the source on screen and in the checkpoint's metadata. */
    String name();

    /**
     * @param tokenizer the model's tokenizer, for text examples
     * @param warnings told about every example skipped, naming it
     * @return the examples as prompt and completion token ids, in source order
     */
    List<ScoringRequest> examples(Tokenizer tokenizer, Consumer<String> warnings);

    /**
     * The examples of a topic filled by {@code grpo reject}, already tokenized.
     *
     * @param topic the topic to read
     * @param name how to name it
     */
    record FromTopic(SftTopic topic, String name) implements SftSource {

        @Override
        public List<ScoringRequest> examples(Tokenizer tokenizer, Consumer<String> warnings) {
            List<ScoringRequest> requests = new ArrayList<>();
            for (SftExample example : topic.read(warnings)) {
                requests.add(new ScoringRequest(ids(example.getPromptTokenIds()), ids(example.getCompletionTokenIds())));
            }
            return requests;
        }

        private static int[] ids(List<Integer> ids) {
            return ids.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    /**
     * Prompt/completion text from a JSONL file, tokenized with the model's tokenizer; an example with a character the
     * tokenizer lacks is skipped with a warning.
     *
     * @param file the file
     */
    record FromFile(SftFile file) implements SftSource {

        @Override
        public String name() {
            return file.file().toString();
        }

        @Override
        public List<ScoringRequest> examples(Tokenizer tokenizer, Consumer<String> warnings) {
            List<ScoringRequest> requests = new ArrayList<>();
            List<TrainingText> texts = file.read(warnings);
            for (int i = 0; i < texts.size(); i++) {
                try {
                    requests.add(texts.get(i).tokens(tokenizer));
                } catch (UnknownCharacterException e) {
                    warnings.accept(file.file() + " example " + (i + 1) + ": " + e.getMessage() + "; skipped");
                }
            }
            return requests;
        }
    }
}
