package io.leadhub.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A held request body served as a blocking servlet stream: its bytes, then the end; no asynchronous reading. */
class BodyInputStreamTest {

    @Test
    void servesTheBytesThenTheEnd() throws Exception {
        BodyInputStream in = new BodyInputStream("héllo".getBytes(StandardCharsets.UTF_8));
        assertThat(in.isReady()).isTrue();
        assertThat(in.isFinished()).isFalse();
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("héllo");
        assertThat(in.isFinished()).isTrue();
        assertThat(in.read()).isEqualTo(-1);
    }

    @Test
    void anEmptyBodyIsFinishedAtOnce() {
        BodyInputStream in = new BodyInputStream(new byte[0]);
        assertThat(in.isFinished()).isTrue();
        assertThat(in.read()).isEqualTo(-1);
        assertThat(in.read(new byte[8], 0, 8)).isEqualTo(-1);
    }

    @Test
    void asynchronousReadingIsNotOffered() {
        assertThatThrownBy(() -> new BodyInputStream(new byte[0]).setReadListener(null))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
