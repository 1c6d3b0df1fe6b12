package io.leadhub.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Feature packages form no cycles; one connector never uses another. */
class PackageBoundariesTest {
    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.leadhub");
    }

    @Test
    void featurePackagesAreFreeOfCycles() {
        slices().matching("io.leadhub.(*)..").should().beFreeOfCycles().check(production);
    }

    @Test
    void connectorsAreIndependent() {
        slices().matching("io.leadhub.vendor.(*)..").should().notDependOnEachOther().check(production);
    }
}
