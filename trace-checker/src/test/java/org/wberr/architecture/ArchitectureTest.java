package org.wberr.architecture;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaPackage;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;

import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packages of trace-checker form layers, bottom to top, and an import may only run downwards (or stay in its
 * layer): the stages draw the pipeline, and a subject's package is the only place that knows the subject. The
 * layers and why each sits where it does are in each package's package-info and in docs/design.md.
 */
class ArchitectureTest {
    private static final String ROOT = "org.wberr";

    /** The layers, bottom to top; the packages on one line are one layer (they do not import each other). */
    static final List<List<String>> LAYERS = List.of(
            List.of("core"),
            List.of("itf", "manifest"),
            List.of("conformance"),
            List.of("tlc", "kernel"),
            List.of("scenario"),
            List.of("export"),
            List.of("check"),
            List.of("gen"),
            List.of("judge"),
            List.of("campaign"),
            List.of("subject"),
            List.of("report"),
            List.of("report.html"),
            List.of("cli"));

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("/model-java/") && !location.contains("model-java-"))
            .importPackages(ROOT);

    /** A layer's packages: it and its subpackages, less those that are layers of their own (report.html). */
    private static String[] packagesOf(String layer) {
        boolean hasNested = LAYERS.stream().flatMap(List::stream).anyMatch(l -> l.startsWith(layer + "."));
        return new String[] {ROOT + "." + layer + (hasNested ? "" : "..")};
    }

    @Test
    void everyImportRunsDownwards() {
        LayeredArchitecture arch = Architectures.layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (List<String> layer : LAYERS) {
            for (String p : layer) {
                arch = arch.layer(p).definedBy(packagesOf(p));
            }
        }
        for (int i = 0; i < LAYERS.size(); i++) {
            List<String> above = new ArrayList<>();
            for (int j = i + 1; j < LAYERS.size(); j++) {
                above.addAll(LAYERS.get(j));
            }
            for (String p : LAYERS.get(i)) {
                arch = above.isEmpty() ? arch.whereLayer(p).mayNotBeAccessedByAnyLayer()
                        : arch.whereLayer(p).mayOnlyBeAccessedByLayers(above.toArray(new String[0]));
            }
        }
        arch.check(CLASSES);
    }

    @Test
    void everyPackageIsInALayer_andHasAPackageInfo() {
        Set<String> layered = new TreeSet<>();
        LAYERS.forEach(layered::addAll);
        Set<String> outside = new TreeSet<>();
        Set<String> undocumented = new TreeSet<>();
        for (JavaClass c : CLASSES) {
            String pkg = c.getPackageName();
            if (!pkg.startsWith(ROOT + ".")) {
                continue;
            }
            String sub = pkg.substring(ROOT.length() + 1);
            boolean inALayer = layered.stream().anyMatch(l -> sub.equals(l) || sub.startsWith(l + ".")
                    && packagesOf(l)[0].endsWith(".."));
            if (!inALayer) {
                outside.add(pkg);
            }
            JavaPackage p = CLASSES.getPackage(pkg);
            if (p.tryGetPackageInfo().isEmpty()) {
                undocumented.add(pkg);
            }
        }
        assertEquals(Set.of(), outside, "packages in no layer of ArchitectureTest.LAYERS");
        assertEquals(Set.of(), undocumented, "packages without a package-info.java saying what they are for");
    }

    /** Only a subject's package knows its model: the stages see steps, traces and specs, never Vfs or Ext4. */
    @Test
    void onlySubjectPackagesUseTheJavaModelsOfASubject() {
        noClasses().that().resideOutsideOfPackage(ROOT + ".subject..")
                .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".model.vfs..", ROOT + ".model.ext4..",
                        ROOT + ".model.errseq..")
                .check(CLASSES);
    }

    /** A subject's package does not use another subject's: each is complete on its own. */
    @Test
    void subjectsDoNotUseEachOther() {
        List<String> violations = new ArrayList<>();
        for (JavaClass c : CLASSES) {
            String own = subjectOf(c.getPackageName());
            if (own == null) {
                continue;
            }
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                String other = subjectOf(d.getTargetClass().getPackageName());
                if (other != null && !other.equals(own)) {
                    violations.add(d.getDescription());
                }
            }
        }
        assertTrue(violations.isEmpty(), String.join("\n", violations));
    }

    /** The subject of a package of {@code org.wberr.subject.NAME}, or null. */
    private static String subjectOf(String pkg) {
        String prefix = ROOT + ".subject.";
        return pkg.startsWith(prefix) ? pkg.substring(prefix.length()).split("\\.")[0] : null;
    }
}
