package io.leadhub.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jmx.export.annotation.ManagedResource;
import org.springframework.web.bind.annotation.RestController;

/**
 * The package boundaries of DESIGN §4, checked on the production classes: no package cycles, one
 * connector never uses another, the connector contract ({@code io.leadhub.connector}) uses no
 * connector, controllers are package-private, and nothing of the sandbox is reachable from them.
 */
class PackageBoundariesTest {
    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("/test-classes/"))
                .importPackages("io.leadhub");
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("io.leadhub.(**)").should().beFreeOfCycles().check(production);
    }

    @Test
    void connectorsAreIndependent() {
        slices().matching("io.leadhub.connector.(*)..")
                .should()
                .notDependOnEachOther()
                .check(production);
    }

    @Test
    void theContractKnowsNoConnector() {
        noClasses()
                .that()
                .resideInAPackage("io.leadhub.connector")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.leadhub.connector.*..")
                .check(production);
    }

    @Test
    void featurePackagesDoNotReachIntoConnectors() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.leadhub.connector..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.leadhub.connector.*..")
                .check(production);
    }

    @Test
    void controllersArePackagePrivate() {
        // a controller that is also a JMX MBean must be public (Spring's MBean exporter requires it)
        classes()
                .that()
                .areAnnotatedWith(RestController.class)
                .and()
                .areNotAnnotatedWith(ManagedResource.class)
                .should()
                .notBePublic()
                .check(production);
    }

    @Test
    void productionCodeNeverUsesTheSandbox() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.leadhub.sandbox..")
                .check(production);
    }
}
