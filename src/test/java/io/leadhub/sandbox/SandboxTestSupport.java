package io.leadhub.sandbox;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/** Builds simulators over a fresh in-memory store and a standalone MockMvc with the shared interceptor. */
public final class SandboxTestSupport {

    private SandboxTestSupport() {}

    public static String memoryUrl() {
        return "jdbc:h2:mem:sim-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    }

    public static SimulatorStore memoryStore() {
        return new SimulatorStore(memoryUrl());
    }

    public static MockMvc mockMvc(List<VendorSimulator> simulators, Object... controllers) {
        SimulatorRegistry registry = new SimulatorRegistry(simulators);
        List<Object> all = new ArrayList<>(List.of(controllers));
        all.add(new SimulatorAdminController(registry));
        return MockMvcBuilders.standaloneSetup(all.toArray())
                .addMappedInterceptors(new String[] {"/sandbox/**"}, new SimulatorInterceptor(registry))
                .build();
    }

    /** A clock tests can move forward. */
    public static final class MutableClock extends Clock {
        private volatile Instant now;

        public MutableClock(Instant start) {
            this.now = start;
        }

        public void advanceMillis(long ms) {
            now = now.plusMillis(ms);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
