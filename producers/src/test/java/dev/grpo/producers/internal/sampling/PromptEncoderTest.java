package dev.grpo.producers.internal.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grpo.policy.SequenceTooLongException;
import dev.grpo.policy.CharTokenizer;
import dev.grpo.policy.UnknownCharacterException;
import dev.grpo.producers.PromptTemplate;
import dev.grpo.records.Prompt;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PromptEncoderTest {

    static Prompt prompt(String text) {
        return Prompt.newBuilder().setPromptId("p").setText(text).setGroundTruth("").setLanguage("en")
                .setTask("t").setCreatedAt(Instant.EPOCH).build();
    }

    @Test
    void appliesTheTemplateThenTheTokenizer() {
        CharTokenizer tokenizer = new CharTokenizer();
        TemplatedPrompt encoded = new PromptEncoder(tokenizer, new PromptTemplate("Q:{prompt}"), 40)
                .encode(prompt("1+2="));

        assertThat(encoded.text()).isEqualTo("Q:1+2=");
        assertThat(encoded.tokenIds()).isEqualTo(tokenizer.encode("Q:1+2="));
    }

    @Test
    void rejectsAPromptThatLeavesNoRoomForACompletion() {
        PromptEncoder encoder = new PromptEncoder(new CharTokenizer(), PromptTemplate.R1_ZERO, 40);

        assertThatThrownBy(() -> encoder.encode(prompt("1+2="))).isInstanceOf(SequenceTooLongException.class)
                .hasMessageContaining("templated prompt p");
    }

    @Test
    void rejectsACharacterOutsideTheVocabulary() {
        PromptEncoder encoder = new PromptEncoder(new CharTokenizer(), PromptTemplate.PLAIN, 40);

        assertThatThrownBy(() -> encoder.encode(prompt("é"))).isInstanceOf(UnknownCharacterException.class);
    }
}
