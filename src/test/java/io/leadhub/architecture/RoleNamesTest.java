package io.leadhub.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A production class is named for its role (a service, a repository, a writer, a reader, a
 * registry, a page), not with a plural noun for what it handles: {@code CampaignLinkService}, not
 * {@code CampaignLinks}; {@code PreflightRegistry}, not {@code Preflights}. A plural says neither
 * what the class does nor how it differs from the repository or the record of the same things.
 *
 * <p>Checked on the top-level classes of src/main (nested records are named for the values they
 * hold, e.g. a view's {@code QualifierRows}; the sandbox's simulators are named for the vendor API
 * resources they answer). A simple name ending in "s" is taken for a plural unless it ends in "ss",
 * "us" or "is" (Access, Progress, Status, Analysis) or in one of {@link #ROLE_SUFFIXES}.
 */
class RoleNamesTest {
    /**
     * Plural words that do name a role: a class that is a set of values as a whole (configuration
     * {@code Settings}, {@code Properties} and {@code Defaults}, a vendor's request {@code Limits}),
     * the {@code Metrics} the hub publishes, or a group of JMX / admin {@code Operations}.
     */
    static final List<String> ROLE_SUFFIXES =
            List.of("Settings", "Properties", "Defaults", "Limits", "Metrics", "Operations");

    @Test
    void productionClassesAreNotNamedWithAPluralNoun() {
        var production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("/test-classes/"))
                .importPackages("io.leadhub");
        classes()
                .that()
                .areTopLevelClasses()
                .should(new ArchCondition<JavaClass>("have a simple name that says their role, not a plural noun") {
                    @Override
                    public void check(JavaClass c, ConditionEvents events) {
                        if (pluralNoun(c.getSimpleName()))
                            events.add(SimpleConditionEvent.violated(
                                    c,
                                    c.getName() + " is named with a plural noun; name its role (…Service, "
                                            + "…Repository, …Writer, …Reader, …Registry), or add a role suffix to "
                                            + "RoleNamesTest.ROLE_SUFFIXES when the plural is the role"));
                    }
                })
                .check(production);
    }

    @Test
    void theRuleTellsPluralNounsFromRoleNames() {
        assertThat(List.of(
                        "Vendors", "CampaignLinks", "EventLeads", "Preflights", "Changes", "Redirects", "CsvImports"))
                .allMatch(RoleNamesTest::pluralNoun);
        assertThat(List.of(
                        "CampaignLinkService",
                        "VendorEgress",
                        "ImportProgress",
                        "JmxRemoteAccess",
                        "Status",
                        "HubMetrics",
                        "ZohoSettings",
                        "MappingDefaults",
                        "VaultOperations",
                        "SalesforceLimits"))
                .noneMatch(RoleNamesTest::pluralNoun);
    }

    static boolean pluralNoun(String simpleName) {
        if (!simpleName.endsWith("s")) return false;
        if (simpleName.endsWith("ss") || simpleName.endsWith("us") || simpleName.endsWith("is")) return false;
        return ROLE_SUFFIXES.stream().noneMatch(simpleName::endsWith);
    }
}
