package dev.grpo.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grpo.schemas.RecordDecodingException.Kind;
import java.io.EOFException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class RecordDecodingExceptionTest {

    @Test
    void namesKindTopicPartitionAndOffsetFirst() {
        RecordDecodingException e = new RecordDecodingException(
                Kind.TRUNCATED, "grpo.rollouts", 3, 17L, "the body ends early", new EOFException());

        assertThat(e).hasMessage("TRUNCATED record in grpo.rollouts partition 3 offset 17: the body ends early")
                .hasCauseInstanceOf(EOFException.class)
                .isInstanceOf(SerializationException.class);
        assertThat(e.kind()).isEqualTo(Kind.TRUNCATED);
        assertThat(e.topic()).isEqualTo("grpo.rollouts");
        assertThat(e.partition()).isEqualTo(3);
        assertThat(e.offset()).isEqualTo(17L);
    }
}
