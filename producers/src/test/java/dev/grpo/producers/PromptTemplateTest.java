package dev.grpo.producers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PromptTemplateTest {

    @Test
    void theR1ZeroTemplateWrapsThePromptInTheUserTurn() {
        String text = PromptTemplate.R1_ZERO.apply("What is 2+3?");

        assertThat(text).startsWith("A conversation between User and Assistant.")
                .contains("<think> reasoning process here </think> <answer> answer here </answer>")
                .endsWith("User: What is 2+3?. Assistant:");
    }

    @Test
    void thePlainTemplateLeavesThePromptAsItIs() {
        assertThat(PromptTemplate.PLAIN.apply("47+38=")).isEqualTo("47+38=");
    }

    @Test
    void aCustomTemplateSubstitutesItsPlaceholder() {
        assertThat(new PromptTemplate("Q: {prompt}\nA:").apply("why?")).isEqualTo("Q: why?\nA:");
    }

    @Test
    void aTemplateNeedsExactlyOnePlaceholder() {
        assertThatThrownBy(() -> new PromptTemplate("no slot")).isInstanceOf(InvalidTemplateException.class)
                .hasMessageContaining("{prompt}");
        assertThatThrownBy(() -> new PromptTemplate("{prompt} {prompt}")).isInstanceOf(InvalidTemplateException.class);
    }

    @Test
    void templatesAreNamed() {
        assertThat(PromptTemplate.named("r1-zero")).isEqualTo(PromptTemplate.R1_ZERO);
        assertThat(PromptTemplate.named("plain")).isEqualTo(PromptTemplate.PLAIN);
        assertThatThrownBy(() -> PromptTemplate.named("chatml")).hasMessageContaining("unknown template 'chatml'");
    }
}
