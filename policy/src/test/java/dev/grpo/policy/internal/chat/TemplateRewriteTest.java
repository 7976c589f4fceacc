package dev.grpo.policy.internal.chat;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TemplateRewriteTest {

    @Test
    void reversesStepSlicesInsideTagsOnly() {
        assertThat(TemplateRewrite.forJinjava("a[::-1] {{ 'x[::-1]' ~ y[::-1] }}{# z[::-1] #}"))
                .isEqualTo("a[::-1] {{ 'x[::-1]' ~ y|reverse }}{# z[::-1] #}");
    }

    @Test
    void parenthesizesKeywordArgumentValuesButNotMacroDefaults() {
        assertThat(TemplateRewrite.forJinjava("{%- set ns = namespace(a=x|length - 1, b='c=d', c=f(g=1)) %}"))
                .isEqualTo("{%- set ns = namespace(a=(x|length - 1), b=('c=d'), c=(f(g=(1)))) %}");
        assertThat(TemplateRewrite.forJinjava("{% macro m(a=1 - 1) %}{% endmacro %}"))
                .isEqualTo("{% macro m(a=1 - 1) %}{% endmacro %}");
    }

    @Test
    void parenthesizesTheOperandOfUnaryNotOnly() {
        assertThat(TemplateRewrite.forJinjava("{% if not x is defined and not(a or b) -%}"))
                .isEqualTo("{% if not (x is defined) and not ((a or b)) -%}");
        assertThat(TemplateRewrite.forJinjava("{{ y if x is not none and y not in z else 'not x' }}"))
                .isEqualTo("{{ y if x is not none and y not in z else 'not x' }}");
    }

    @Test
    void dropsOneTrailingNewlineAsJinjaDoes() {
        assertThat(TemplateRewrite.forJinjava("{{ x }}\n\n")).isEqualTo("{{ x }}\n");
        assertThat(TemplateRewrite.forJinjava("{ x {")).isEqualTo("{ x {");
    }
}
