package dev.grpo.cli.options;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grpo.cli.GrpoRun;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvalOptionsTest {

    @Test
    void evalAndDemoNameTheHeldOutEvaluationAlikeWithTheirOwnDefaults() {
        EvalOptions eval = GrpoRun.parse(Map.of(), "eval").mixin(EvalOptions.class);
        assertThat(eval.prompts()).isEqualTo(256);
        assertThat(eval.k()).isEqualTo(16);
        EvalOptions demo = GrpoRun.parse(Map.of(), "demo").mixin(EvalOptions.class);
        assertThat(demo.prompts()).isEqualTo(200);
        assertThat(demo.k()).isEqualTo(4);
        for (String command : new String[] {"eval", "demo"}) {
            EvalOptions given = GrpoRun.parse(Map.of(), command, "--eval-prompts", "10", "--eval-k", "2")
                    .mixin(EvalOptions.class);
            assertThat(given.prompts()).isEqualTo(10);
            assertThat(given.k()).isEqualTo(2);
        }
    }

    @Test
    void theOldSpellingsOfEvalStillWorkAndAreNotShown() {
        EvalOptions old = GrpoRun.parse(Map.of(), "eval", "--n", "7", "--k", "3").mixin(EvalOptions.class);
        assertThat(old.prompts()).isEqualTo(7);
        assertThat(old.k()).isEqualTo(3);
        assertThat(GrpoRun.execute(Map.of(), "eval", "--help").out()).contains("--eval-k=K", "--eval-prompts=N")
                .doesNotContain("--k=", "--n=");
    }
}
