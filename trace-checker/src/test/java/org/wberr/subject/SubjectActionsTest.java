package org.wberr.subject;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.wberr.check.TestExports;
import org.wberr.manifest.Manifest;
import org.wberr.manifest.ManifestReader;
import org.wberr.manifest.ModelEntry;
import org.wberr.subject.errseq.ErrseqAction;
import org.wberr.subject.errseq.ErrseqSubject;
import org.wberr.subject.ext4.Ext4Action;
import org.wberr.subject.ext4.Ext4Subject;
import org.wberr.subject.fsync.FsyncAction;
import org.wberr.subject.fsync.FsyncSubject;
import org.wberr.tlc.CfgFacts;
import org.wberr.tlc.SpecModel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Each subject's action enum lists exactly the actions of its spec as TLC reads them: the disjuncts of the
 * next-state relation of the spec's models in the manifest (the union over models with different constants: some
 * actions exist only under some, such as errseq's split operations under Atomic = FALSE; the variant alone does not
 * change them). A renamed or new action in a
 * spec fails here, not as an unknown action in some trace later.
 */
class SubjectActionsTest {

    /** Each subject's action enum, by spec. */
    private static final Map<String, Class<? extends Enum<?>>> ENUMS = Map.of(ErrseqSubject.SPEC, ErrseqAction.class,
            FsyncSubject.SPEC, FsyncAction.class, Ext4Subject.SPEC, Ext4Action.class);

    /**
     * The names of the actions of every model of one spec, read with {@link SpecModel} in a class loader of the
     * spec's own: TLC keeps static state, and a second spec loaded in the same loader fails ("The invariant of
     * TypeInv is equal to ..."); models of one spec load safely one after another.
     */
    static Set<String> actionNames(Path specs, List<ModelEntry> models) throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            urls.add(Path.of(e).toUri().toURL());
        }
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader())) {
            Class<?> c = loader.loadClass(SpecModel.class.getName());
            Set<String> names = new TreeSet<>();
            for (ModelEntry m : models) {
                Object spec = c.getMethod("load", String.class, String.class, String.class)
                        .invoke(null, specs.toString(), m.module(), m.cfgFile().toString());
                for (Object a : (List<?>) c.getMethod("actions").invoke(spec)) {
                    names.add((String) a.getClass().getMethod("name").invoke(a));
                }
            }
            return names;
        }
    }

    @TestFactory
    Stream<DynamicTest> everySubjectsActionEnum_isItsSpecsActions() {
        Path specs = TestExports.specsDir();
        Manifest manifest = ManifestReader.read(specs.resolve("manifest.json"), specs);
        return Subjects.ALL.stream().map(subject -> DynamicTest.dynamicTest(subject.name(), () -> {
            List<ModelEntry> models = manifest.models().stream().filter(m -> m.spec().equals(subject.spec())).toList();
            assertFalse(models.isEmpty(), "no model of " + subject.spec() + " in the manifest");
            List<ModelEntry> distinct = new ArrayList<>();
            Set<String> seen = new TreeSet<>();
            for (ModelEntry m : models) {
                // Models whose constants differ only in the variant have the same actions: load one of them.
                ObjectNode constants = CfgFacts.read(specs.toString(), m.cfgFile().toString()).constants();
                constants.remove("Variant");
                if (seen.add(m.module() + constants)) {
                    distinct.add(m);
                }
            }
            Set<String> actions = actionNames(specs, distinct);
            Set<String> declared = new TreeSet<>();
            Class<? extends Enum<?>> e = ENUMS.get(subject.spec());
            assertNotNull(e, "no action enum for " + subject.spec() + " in this test");
            Arrays.stream(e.getEnumConstants()).forEach(c -> declared.add(c.name()));
            assertEquals(actions, declared, subject.spec() + "'s actions as TLC reads them, and " + e.getSimpleName());
        }));
    }
}
