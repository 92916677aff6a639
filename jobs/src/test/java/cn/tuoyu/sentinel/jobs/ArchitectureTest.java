package cn.tuoyu.sentinel.jobs;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** design.md: dependencies point one way, jobs → pipeline → schemas; nothing depends on jobs. */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("cn.tuoyu.sentinel");
  }

  @Test
  void nothingDependsOnJobs() {
    noClasses()
        .that()
        .resideOutsideOfPackage("cn.tuoyu.sentinel.jobs..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("cn.tuoyu.sentinel.jobs..")
        .check(classes);
  }

  @Test
  void pipelineDependsOnNeitherInfraNorJobs() {
    noClasses()
        .that()
        .resideInAPackage("cn.tuoyu.sentinel.pipeline..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("cn.tuoyu.sentinel.infra..", "cn.tuoyu.sentinel.jobs..")
        .allowEmptyShould(true)
        .check(classes);
  }

  @Test
  void theDashboardDependsOnSchemasOnly() {
    noClasses()
        .that()
        .resideInAPackage("cn.tuoyu.sentinel.dashboard..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "cn.tuoyu.sentinel.pipeline..", "cn.tuoyu.sentinel.infra..", "cn.tuoyu.sentinel.jobs..")
        .check(classes);
  }

  @Test
  void schemasDependOnNothingOfOurs() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "cn.tuoyu.sentinel.schema..",
            "cn.tuoyu.sentinel.codec..",
            "cn.tuoyu.sentinel.contract..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "cn.tuoyu.sentinel.pipeline..",
            "cn.tuoyu.sentinel.infra..",
            "cn.tuoyu.sentinel.jobs..",
            "cn.tuoyu.sentinel.dashboard..")
        .check(classes);
  }
}
