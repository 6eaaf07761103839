package io.gympulse.gateway.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shape of the gateway, kept by a test: packages by capability with no cycles between them, store
 * adapters (DynamoDB, in-memory) chosen only in {@code app}, and time read only through an injected
 * {@link Clock}. See gateway/README.md for the map these rules keep true.
 */
class ArchitectureTest {

  private static final String GATEWAY = "io.gympulse.gateway";
  private static final String APP = GATEWAY + ".app..";
  private static final String[] ADAPTERS = {GATEWAY + ".store.dynamodb..", GATEWAY + ".store.memory.."};

  private static JavaClasses main;

  @BeforeAll
  static void importMainClasses() {
    main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(GATEWAY);
  }

  /** Verifies that no two packages of the gateway depend on each other, directly or through others. */
  @Test
  void packagesAreFreeOfCycles() {
    slices().matching(GATEWAY + ".(**)").should().beFreeOfCycles().check(main);
  }

  /** Verifies that only {@code app} chooses store adapters: capabilities see their own ports only. */
  @Test
  void onlyAppWiresStoreAdapters() {
    noClasses().that().resideOutsideOfPackages(concat(APP, ADAPTERS))
        .should().dependOnClassesThat().resideInAnyPackage(ADAPTERS)
        .check(main);
  }

  /** Verifies that each store adapter stands alone: DynamoDB and in-memory stores do not use each other. */
  @Test
  void storeAdaptersDoNotUseEachOther() {
    noClasses().that().resideInAPackage(ADAPTERS[0]).should().dependOnClassesThat().resideInAPackage(ADAPTERS[1])
        .check(main);
    noClasses().that().resideInAPackage(ADAPTERS[1]).should().dependOnClassesThat().resideInAPackage(ADAPTERS[0])
        .check(main);
  }

  /** Verifies that no capability reaches up into {@code app}, where the wiring lives. */
  @Test
  void capabilitiesDoNotImportApp() {
    noClasses().that().resideOutsideOfPackage(APP).should().dependOnClassesThat().resideInAPackage(APP).check(main);
  }

  /**
   * Verifies that time that decides behaviour comes from the injected {@link Clock}: only {@code app} picks the
   * system clock. Two readers of the wall clock are allowed, each for a reason: log throttling, which must not
   * stall under a test's frozen clock, and development certificates, whose validity TLS stacks check against
   * real time.
   */
  @Test
  void onlyAppReadsTheSystemClock() {
    ArchRule rule = noClasses().that().resideOutsideOfPackage(APP)
        .and().doNotHaveFullyQualifiedName(GATEWAY + ".metrics.BoundedRateLog")
        .and().doNotHaveFullyQualifiedName(GATEWAY + ".auth.DevCertificates")
        .should().callMethod(System.class, "currentTimeMillis")
        .orShould().callMethod(Clock.class, "systemUTC")
        .orShould().callMethod(Clock.class, "systemDefaultZone")
        .orShould().callMethod(Instant.class, "now");
    rule.check(main);
  }

  private static String[] concat(String first, String[] rest) {
    String[] all = new String[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }
}
