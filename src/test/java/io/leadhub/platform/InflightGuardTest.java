package io.leadhub.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.InflightRepository;
import org.apache.camel.spring.SpringCamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;

/** The guard that keeps the connection pool open until Camel's exchanges have ended. */
class InflightGuardTest {

    @SuppressWarnings("unchecked")
    private static ObjectProvider<CamelContext> provider(CamelContext camel) {
        ObjectProvider<CamelContext> p = mock(ObjectProvider.class);
        when(p.getIfAvailable()).thenReturn(camel);
        return p;
    }

    @Test
    void stopsInThePhaseRightAfterCamelsAndWaitsUntilNothingIsInFlight() {
        SpringCamelContext camel = mock(SpringCamelContext.class);
        when(camel.getPhase()).thenReturn(Integer.MAX_VALUE - 2049);
        InflightRepository inflight = mock(InflightRepository.class);
        when(camel.getInflightRepository()).thenReturn(inflight);
        when(inflight.size()).thenReturn(2, 1, 0);

        InflightGuard guard = new InflightGuard(provider(camel), Duration.ofSeconds(30));
        guard.start();
        assertThat(guard.isRunning()).isTrue();
        assertThat(guard.getPhase()).isEqualTo(Integer.MAX_VALUE - 2050);
        guard.stop();
        assertThat(guard.isRunning()).isFalse();
        verify(inflight, times(3)).size();
    }

    @Test
    void givesUpAfterItsWaitWhenExchangesNeverEnd() {
        CamelContext camel = mock(CamelContext.class);
        InflightRepository inflight = mock(InflightRepository.class);
        when(camel.getInflightRepository()).thenReturn(inflight);
        when(inflight.size()).thenReturn(1);

        InflightGuard guard = new InflightGuard(provider(camel), Duration.ofMillis(200));
        guard.start();
        guard.stop();
        assertThat(guard.isRunning()).isFalse();
        assertThat(guard.getPhase())
                .as("without a phased context: Camel's known phase less one")
                .isEqualTo(Integer.MAX_VALUE - 2050);
    }
}
