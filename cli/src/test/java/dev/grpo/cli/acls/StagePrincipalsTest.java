package dev.grpo.cli.acls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StagePrincipalsTest {

    @Test
    void a_stage_name_replaces_that_stages_principal_and_any_other_name_adds_a_reward_consumer() {
        StagePrincipals principals = StagePrincipals.defaults().with("learner=User:alice").with("judge=User:bob");

        assertThat(principals.learner()).isEqualTo("User:alice");
        assertThat(principals.generator()).isEqualTo("User:grpo-generator");
        assertThat(principals.rewardConsumers()).containsEntry("judge", "User:bob").containsEntry("code", "User:grpo-code-reward");
    }

    @Test
    void a_principal_without_its_type_is_refused_naming_the_stage_and_value() {
        assertThatThrownBy(() -> StagePrincipals.defaults().with("learner=alice"))
                .hasMessage("principal of learner must be TYPE:NAME (e.g. User:alice), got 'alice'");
        assertThatThrownBy(() -> StagePrincipals.defaults().with("User:alice"))
                .hasMessageContaining("a principal is STAGE=TYPE:NAME");
    }
}
