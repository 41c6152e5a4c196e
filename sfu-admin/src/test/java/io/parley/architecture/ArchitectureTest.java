package io.parley.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The architecture's rules, checked on the server's main code of all three modules (this module's
 * test classpath holds them all): modules point one way, packages form no cycle, the routing core
 * stays free of sockets, crypto and JSON, and nothing shipped leans on test support.
 */
@AnalyzeClasses(packages = "io.parley", importOptions = {ImportOption.DoNotIncludeTests.class,
        ArchitectureTest.NoTestJars.class})
class ArchitectureTest {
    @ArchTest
    static final ArchRule MODULES_POINT_ONE_WAY = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("admin").definedBy("io.parley.admin..")
            .layer("transport").definedBy("io.parley.transport..")
            .layer("core").definedBy("io.parley.core..")
            .whereLayer("admin").mayNotBeAccessedByAnyLayer()
            .whereLayer("transport").mayOnlyBeAccessedByLayers("admin")
            .whereLayer("core").mayOnlyBeAccessedByLayers("transport", "admin");

    @ArchTest
    static final ArchRule NO_PACKAGE_CYCLES = slices().matching("io.parley.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule CORE_KNOWS_NO_SOCKET_CRYPTO_OR_JSON = noClasses().that().resideInAPackage("io.parley.core..")
            .should().dependOnClassesThat().resideInAnyPackage("java.net..", "java.nio.channels..", "io.netty.channel..",
                    "javax.crypto..", "java.security..", "org.bouncycastle..", "org.jitsi..", "org.ice4j..",
                    "com.fasterxml..", "com.typesafe..")
            .because("the routing core works on packets in memory; transports and signalling are outside it");

    @ArchTest
    static final ArchRule CODEC_KNOWS_ONLY_THE_PACKET = classes().that().resideInAPackage("io.parley.core.codec..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("io.parley.core.codec..", "io.parley.core.rtp..",
                    "io.netty.buffer..", "java.lang..")
            .because("codec knowledge reads payloads through the RTP packet view, and nothing of rooms or forwarding");

    @ArchTest
    static final ArchRule NOTHING_SHIPPED_USES_TEST_SUPPORT = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("io.parley.core.testing..",
                    "io.parley.transport.testing..", "io.parley.admin.client..",
                    "org.junit..", "org.openqa..", "com.code_intelligence..");

    /** sfu-core's and sfu-transport's test jars are on this classpath as jars, which DoNotIncludeTests lets in. */
    static final class NoTestJars implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("-tests.jar");
        }
    }
}
