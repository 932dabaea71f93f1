package io.jlvs.perf.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The dependency arrows of the README's layout table, over the main classes of every module (perf
 * depends on all of them; test classes are left out). Each rule fails naming the offending class and
 * the dependency, e.g. a fastpath class that imports a slowpath one.
 */
@AnalyzeClasses(packages = "io.jlvs", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule theFastPathNeverUsesTheControlPlane = noClasses()
            .that().resideInAPackage("io.jlvs.fastpath..")
            .should().dependOnClassesThat().resideInAPackage("io.jlvs.slowpath..")
            .because("the fast path is driven by snapshots the control plane publishes, never by calls into it");

    @ArchTest
    static final ArchRule theControlPlaneNeverTouchesDpdk = noClasses()
            .that().resideInAPackage("io.jlvs.slowpath..")
            .should().dependOnClassesThat().resideInAPackage("io.jlvs.bindings..")
            .because("EAL, ports and mbufs belong to the daemon's assembly and the fast path");

    @ArchTest
    static final ArchRule onlyTheProgramUsesItsAssembly = noClasses()
            .that().resideInAnyPackage("io.jlvs.model..", "io.jlvs.bindings..", "io.jlvs.ring..", "io.jlvs.sched..",
                    "io.jlvs.fastpath..", "io.jlvs.slowpath..")
            .should().dependOnClassesThat().resideInAPackage("io.jlvs.daemon..");

    @ArchTest
    static final ArchRule theSharedWordsDependOnNothingOfJlvs = noClasses()
            .that().resideInAPackage("io.jlvs.model..")
            .should().dependOnClassesThat().resideInAnyPackage("io.jlvs.bindings..", "io.jlvs.ring..", "io.jlvs.sched..",
                    "io.jlvs.fastpath..", "io.jlvs.slowpath..", "io.jlvs.perf..");

    @ArchTest
    static final ArchRule theJournalReadsRulesNotTheAdminCommandLine = noClasses()
            .that().resideInAPackage("io.jlvs.slowpath.journal..")
            .should().dependOnClassesThat().resideInAPackage("io.jlvs.slowpath.admin..");

    /** Every package is a slice: io.jlvs.slowpath and io.jlvs.slowpath.admin may not need each other. */
    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("io.jlvs.(**)").should().beFreeOfCycles();
}
