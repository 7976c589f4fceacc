package dev.grpo.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BrokerSecurityTest {

    @Test
    void a_user_is_name_colon_password_and_the_password_may_hold_colons() {
        assertThat(BrokerSecurity.parseUser("alice:se:cret")).isEqualTo(Map.entry("alice", "se:cret"));
    }

    @Test
    void a_user_without_password_or_with_an_unsafe_name_is_refused_naming_the_value() {
        assertThatThrownBy(() -> BrokerSecurity.parseUser("alice"))
                .hasMessage("a user is NAME:PASSWORD, got 'alice'");
        assertThatThrownBy(() -> BrokerSecurity.parseUser("al\"ice:pw"))
                .hasMessage("user name must be 1 to 64 letters, digits, '.', '_' or '-', got 'al\"ice'");
        assertThatThrownBy(() -> BrokerSecurity.parseUser("alice:"))
                .hasMessage("password of user 'alice' must be non-empty, without '\"' or '\\'");
    }

    @Test
    void the_admin_is_not_a_user_one_can_name_since_its_password_is_generated() {
        assertThatThrownBy(() -> BrokerSecurity.parseUser("admin:pw")).hasMessageContaining("is the broker's super user");
    }

    @Test
    void users_need_a_secured_broker() {
        assertThatThrownBy(() -> new BrokerSecurity(false, Map.of("alice", "pw")))
                .hasMessage("users need a secured broker (--security sasl-ssl)");
    }
}
