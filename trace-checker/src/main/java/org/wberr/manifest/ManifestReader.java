package org.wberr.manifest;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.wberr.core.Display;
import org.wberr.core.InputFiles;
import org.wberr.core.WberrException;

/**
 * Reads and validates {@code specs/manifest.json}. Validation is strict so that a typo never silently turns
 * into an unchecked model: every field is type-checked, unknown fields are rejected, referenced files must
 * exist, and a cfg may appear only once. Every error names the file and the field, as
 * {@code specs/manifest.json: models[3].expected: "hold" is not one of holds, violated}; invalid JSON names
 * the line and column.
 *
 * <p>Fields of an entry (see {@link ModelEntry}): {@code spec, module, cfg, variant, mode, property,
 * expected} are required; {@code distinctStates} is required in exhaustive mode and not allowed in simulate
 * mode (the simulator counts no distinct states: only its verdict is compared); {@code depth, traces, seed}
 * are required in simulate mode and not allowed in exhaustive mode; {@code checkDeadlock} and {@code slow}
 * (booleans, default false) are optional. A {@code comment} or {@code $comment} string is allowed at the top
 * level and in every entry.
 */
public final class ManifestReader {
    private static final Pattern IDENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern VARIANT = Pattern.compile("[A-Za-z0-9_.+-]+");
    private static final Set<String> COMMENTS = Set.of("comment", "$comment");
    private static final Set<String> TOP_FIELDS = Set.of("models", "comment", "$comment");
    private static final Set<String> ENTRY_FIELDS = Set.of("spec", "module", "cfg", "variant", "mode", "property",
            "expected", "distinctStates", "depth", "traces", "seed", "checkDeadlock", "slow", "comment", "$comment");

    private final Path file;
    private final Path specsDir;
    private final String where;

    private ManifestReader(Path file, Path specsDir) {
        this.file = file;
        this.specsDir = specsDir.toAbsolutePath().normalize();
        this.where = Display.path(file);
    }

    /** Reads {@code file}; module and cfg paths are resolved against {@code specsDir}. */
    public static Manifest read(Path file, Path specsDir) {
        return new ManifestReader(file, specsDir).read();
    }

    private Manifest read() {
        if (!Files.isDirectory(specsDir)) {
            throw WberrException.badInput(Display.path(specsDir), "the specs directory does not exist");
        }
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw WberrException.badInput(where, "the manifest does not exist");
        }
        String text = InputFiles.text(file, where);
        JsonNode root = parse(text);
        if (!root.isObject()) {
            throw bad("", "the top level must be a JSON object with a \"models\" array, got " + describe(root));
        }
        rejectUnknown(root, TOP_FIELDS, "");
        comments(root, "");
        JsonNode models = root.get("models");
        if (models == null) {
            throw bad("models", "missing (the list of models to check)");
        }
        if (!models.isArray()) {
            throw bad("models", "expected an array, got " + describe(models));
        }
        if (models.isEmpty()) {
            throw bad("models", "the manifest lists no models");
        }
        List<ModelEntry> entries = new ArrayList<>();
        Map<Path, Integer> cfgUsers = new HashMap<>();
        for (int i = 0; i < models.size(); i++) {
            ModelEntry e = entry(i, models.get(i));
            Integer previous = cfgUsers.putIfAbsent(e.cfgFile(), i);
            if (previous != null) {
                throw bad(e.where() + ".cfg", e.cfg() + " is already listed as models[" + previous + "].cfg");
            }
            entries.add(e);
        }
        return new Manifest(file, specsDir, entries);
    }

    private JsonNode parse(String text) {
        ObjectMapper mapper = new ObjectMapper();
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        return InputFiles.json(mapper, text, where);
    }

    private ModelEntry entry(int i, JsonNode n) {
        String at = "models[" + i + "]";
        if (!n.isObject()) {
            throw bad(at, "expected an object, got " + describe(n));
        }
        rejectUnknown(n, ENTRY_FIELDS, at + ".");
        String spec = identifier(n, at, "spec");
        String module = identifier(n, at, "module");
        Path moduleFile = specsDir.resolve(module + ".tla");
        if (!Files.isRegularFile(moduleFile)) {
            throw bad(at + ".module", notAFile(moduleFile));
        }
        String cfg = string(n, at, "cfg");
        if (!cfg.endsWith(".cfg")) {
            throw bad(at + ".cfg", "\"" + cfg + "\" is not a .cfg file");
        }
        Path cfgFile;
        boolean absolute;
        try {
            cfgFile = specsDir.resolve(cfg).normalize();
            absolute = Path.of(cfg).isAbsolute();
        } catch (InvalidPathException e) {
            throw bad(at + ".cfg", "\"" + cfg.replace("\0", "\\u0000") + "\" is not a valid path: " + e.getReason());
        }
        if (absolute || !cfgFile.startsWith(specsDir)) {
            throw bad(at + ".cfg", "\"" + cfg + "\" must be a path inside the specs directory, relative to it");
        }
        if (!Files.isRegularFile(cfgFile)) {
            throw bad(at + ".cfg", notAFile(cfgFile));
        }
        String variant = string(n, at, "variant");
        if (!VARIANT.matcher(variant).matches()) {
            throw bad(at + ".variant", quote(variant) + " is not a variant id (letters, digits, . _ + -)");
        }
        String modeText = string(n, at, "mode");
        Mode mode = Mode.of(modeText);
        if (mode == null) {
            throw bad(at + ".mode", quote(modeText) + " is not one of exhaustive, simulate");
        }
        String property = identifier(n, at, "property");
        String expectedText = string(n, at, "expected");
        Verdict expected = Verdict.of(expectedText);
        if (expected == null) {
            throw bad(at + ".expected", quote(expectedText) + " is not one of holds, violated");
        }
        Long distinct = null;
        Integer depth = null;
        Long traces = null;
        Long seed = null;
        if (mode == Mode.EXHAUSTIVE) {
            distinct = integer(n, at, "distinctStates", 1, Long.MAX_VALUE, true);
            for (String f : List.of("depth", "traces", "seed")) {
                if (n.has(f)) {
                    throw bad(at + "." + f, "only allowed in simulate mode");
                }
            }
        } else {
            if (n.has("distinctStates")) {
                throw bad(at + ".distinctStates", "not allowed in simulate mode: the simulator counts no distinct"
                        + " states, only its verdict is compared");
            }
            depth = integer(n, at, "depth", 1, Integer.MAX_VALUE, true).intValue();
            traces = integer(n, at, "traces", 1, Integer.MAX_VALUE, true);
            seed = integer(n, at, "seed", Long.MIN_VALUE, Long.MAX_VALUE, true);
        }
        boolean deadlock = bool(n, at, "checkDeadlock");
        boolean slow = bool(n, at, "slow");
        comments(n, at + ".");
        return new ModelEntry(i, spec, module, cfg, cfgFile, variant, mode, property, expected, distinct, depth,
                traces, seed, deadlock, slow);
    }

    private boolean bool(JsonNode n, String at, String field) {
        JsonNode v = n.get(field);
        if (v == null) {
            return false;
        }
        if (!v.isBoolean()) {
            throw bad(at + "." + field, "expected true or false, got " + describe(v));
        }
        return v.booleanValue();
    }

    private void comments(JsonNode n, String prefix) {
        for (String c : COMMENTS) {
            if (n.has(c) && !n.get(c).isTextual()) {
                throw bad(prefix + c, "expected a string, got " + describe(n.get(c)));
            }
        }
    }

    private void rejectUnknown(JsonNode n, Set<String> known, String prefix) {
        Iterator<String> names = ((ObjectNode) n).fieldNames();
        while (names.hasNext()) {
            String f = names.next();
            if (!known.contains(f)) {
                throw bad(prefix + f, "unknown field (known: " + String.join(", ", known.stream().sorted().toList())
                        + ")");
            }
        }
    }

    private String string(JsonNode n, String at, String field) {
        JsonNode v = n.get(field);
        if (v == null) {
            throw bad(at + "." + field, "missing");
        }
        if (!v.isTextual()) {
            throw bad(at + "." + field, "expected a string, got " + describe(v));
        }
        if (v.textValue().isBlank()) {
            throw bad(at + "." + field, "must not be empty");
        }
        return v.textValue();
    }

    private String identifier(JsonNode n, String at, String field) {
        String s = string(n, at, field);
        if (!IDENT.matcher(s).matches()) {
            throw bad(at + "." + field, quote(s) + " is not a TLA+ identifier");
        }
        return s;
    }

    private Long integer(JsonNode n, String at, String field, long min, long max, boolean required) {
        JsonNode v = n.get(field);
        if (v == null) {
            if (required) {
                throw bad(at + "." + field, "missing");
            }
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw bad(at + "." + field, "expected an integer, got " + describe(v));
        }
        long x = v.longValue();
        if (x < min || x > max) {
            throw bad(at + "." + field, x + " is out of range (" + min + ".." + max + ")");
        }
        return x;
    }

    /** Why {@code f}, which is not a regular file, cannot be read. */
    private static String notAFile(Path f) {
        String name = Display.path(f);
        if (Files.isDirectory(f)) {
            return name + " is a directory, not a file";
        }
        return Files.exists(f, LinkOption.NOFOLLOW_LINKS) ? name + " cannot be read (not a regular file, or a link"
                + " that leads nowhere)" : name + " does not exist";
    }

    private WberrException bad(String field, String what) {
        return WberrException.badInput(field.isEmpty() ? where : where + ": " + field, what);
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }

    private static String describe(JsonNode v) {
        String text = v.toString();
        if (text.length() > 40) {
            text = text.substring(0, 37) + "...";
        }
        String type = switch (v.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> "a value";
        };
        return type.equals("null") ? "null" : type + " " + text;
    }
}
