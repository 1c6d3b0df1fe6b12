package io.leadhub.cluster;

import io.leadhub.LeadHubApplication;
import io.leadhub.sandbox.SandboxSimulators;
import java.io.IOException;
import java.util.Arrays;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;

/**
 * Main class of the child processes {@link ClusterKillTest} starts from the test classpath: a hub
 * ({@code hub …}, i.e. {@link LeadHubApplication}) or the shared simulators ({@code simulators …},
 * {@link SandboxSimulators}). Two things a plain start would not do:
 *
 * <ul>
 *   <li>the test classes are on this classpath, so the component scan leaves them out, as Spring
 *       Boot's test support does in a test's own context (a test's nested configuration would
 *       otherwise join the hub);
 *   <li>the process ends itself when the JVM that started it ends (system property
 *       {@code cluster.parent-pid}), so a test JVM that dies leaves no hub running.
 * </ul>
 */
public final class ClusterNode {
    private ClusterNode() {}

    public static void main(String[] args) throws IOException {
        String parent = System.getProperty("cluster.parent-pid");
        if (parent != null) {
            ProcessHandle.of(Long.parseLong(parent))
                    .ifPresentOrElse(
                            p -> p.onExit().thenRun(() -> Runtime.getRuntime().halt(3)),
                            () -> Runtime.getRuntime().halt(3));
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        ApplicationContextInitializer<ConfigurableApplicationContext> withoutTests = context ->
                context.getBeanFactory().registerSingleton("clusterNodeExcludesTests", new TestClassesExcluded());
        if ("simulators".equals(args[0])) {
            SandboxSimulators.start(new SpringApplicationBuilder().initializers(withoutTests), rest);
        } else {
            new SpringApplicationBuilder(LeadHubApplication.class)
                    .initializers(withoutTests)
                    .run(rest);
        }
    }

    /** Leaves test classes (and the classes nested in them) out of component scans. */
    static final class TestClassesExcluded extends TypeExcludeFilter {
        @Override
        public boolean match(MetadataReader reader, MetadataReaderFactory factory) {
            String name = reader.getClassMetadata().getClassName();
            int nested = name.indexOf('$');
            String outer = nested < 0 ? name : name.substring(0, nested);
            return outer.endsWith("Test") || outer.endsWith("Tests") || outer.endsWith("TestBase");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TestClassesExcluded;
        }

        @Override
        public int hashCode() {
            return TestClassesExcluded.class.hashCode();
        }
    }
}
