package io.leadhub.sandbox;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/** Every {@link VendorSimulator} bean, by name. */
@Component
@Profile("sandbox")
public class SimulatorRegistry {

    private final Map<String, VendorSimulator> simulators = new TreeMap<>();

    public SimulatorRegistry(List<VendorSimulator> simulators) {
        for (VendorSimulator s : simulators) {
            if (this.simulators.put(s.name(), s) != null) {
                throw new IllegalStateException("two simulators named " + s.name());
            }
        }
    }

    public Optional<VendorSimulator> find(String name) {
        return Optional.ofNullable(simulators.get(name));
    }

    public Collection<VendorSimulator> all() {
        return simulators.values();
    }
}
