package org.wberr.kernel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The WBERR lines of one boot, grouped: the {@code hello}, each scenario's {@code begin}, {@code step}s (with the
 * {@code kmsg}s logged during each step), {@code end}, then {@code done}, {@code exit}, run-qemu.sh's lines about
 * each scenario from the host ({@code panic}, {@code fsck}, {@code disk}) and its {@code host} line. Lines that are not protocol are ignored, and so are kinds this class does not know. A
 * truncated run (QEMU killed, guest crashed) simply lacks the later parts: {@link #complete()} says whether
 * the guest finished.
 */
public final class KernelOutput {

    /** One scenario's lines. */
    public static final class ScenarioOutput {
        private final String name;
        private WberrLine begin;
        private WberrLine end;
        private WberrLine panic;
        private WberrLine fsck;
        private WberrLine disk;
        private final Map<Integer, WberrLine> steps = new LinkedHashMap<>();
        private final Map<Integer, WberrLine> doing = new LinkedHashMap<>();
        private final Map<Integer, List<String>> kmsgs = new LinkedHashMap<>();

        ScenarioOutput(String name) {
            this.name = name;
        }

        /** The guest's name of the scenario: {@code NNN-NAME}. */
        public String name() {
            return name;
        }

        public Optional<WberrLine> begin() {
            return Optional.ofNullable(begin);
        }

        public Optional<WberrLine> end() {
            return Optional.ofNullable(end);
        }

        /** The kernel panicked during this scenario: {@code n=} the step that did not return. */
        public Optional<WberrLine> panic() {
            return Optional.ofNullable(panic);
        }

        /** e2fsck's verdict on the scenario's own disk after the boot (subject ext4). */
        public Optional<WberrLine> fsck() {
            return Optional.ofNullable(fsck);
        }

        /** The scenario's disk as the boot left it, read on the host (subject ext4). */
        public Optional<WberrLine> disk() {
            return Optional.ofNullable(disk);
        }

        /** The step lines, by step number {@code n} (1-based), in order. */
        public Map<Integer, WberrLine> steps() {
            return Collections.unmodifiableMap(steps);
        }

        /** The step line whose {@code line=} is {@code line} (a line of the step file), if any. */
        public Optional<WberrLine> stepAtLine(int line) {
            String l = Integer.toString(line);
            return steps.values().stream().filter(s -> l.equals(s.fields().get("line"))).findFirst();
        }

        /** The {@code doing} line of step {@code n}: the step about to run (after a panic, the one that did not return). */
        public Optional<WberrLine> doing(int n) {
            return Optional.ofNullable(doing.get(n));
        }

        /** The kernel log texts logged during step {@code n}. */
        public List<String> kmsgs(int n) {
            return kmsgs.getOrDefault(n, List.of());
        }
    }

    private WberrLine hello;
    private WberrLine done;
    private WberrLine host;
    private WberrLine fatal;
    private final Map<String, ScenarioOutput> scenarios = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private ScenarioOutput current;

    /** Parses the lines of one run, in order. */
    public static KernelOutput parse(List<String> lines) {
        KernelOutput o = new KernelOutput();
        lines.forEach(o::accept);
        return o;
    }

    /** Takes one more line (streaming). */
    public void accept(String line) {
        WberrLine.parse(line).ifPresent(this::accept);
    }

    private void accept(WberrLine l) {
        switch (l.kind()) {
            case "hello" -> hello = l;
            case "begin" -> {
                current = scenario(l.get("scenario", "?"));
                current.begin = l;
            }
            case "step" -> {
                ScenarioOutput s = scenario(l.get("scenario", current == null ? "?" : current.name));
                int n = intOf(l.get("n", ""), -1);
                if (n >= 0) {
                    s.steps.put(n, l);
                }
            }
            case "doing" -> {
                int n = intOf(l.get("n", ""), -1);
                if (n >= 0) {
                    scenario(l.get("scenario", "?")).doing.put(n, l);
                }
            }
            case "kmsg" -> {
                if (l.get("scenario").isPresent() && l.get("n").isPresent()) {
                    int n = intOf(l.get("n", ""), -1);
                    scenario(l.get("scenario", "?")).kmsgs.computeIfAbsent(n, k -> new ArrayList<>())
                            .add(l.get("text", ""));
                }
            }
            case "end" -> {
                ScenarioOutput s = scenario(l.get("scenario", current == null ? "?" : current.name));
                s.end = l;
                current = null;
            }
            case "panic" -> scenario(l.get("scenario", "?")).panic = l;
            case "fsck" -> scenario(l.get("scenario", "?")).fsck = l;
            case "disk" -> scenario(l.get("scenario", "?")).disk = l;
            case "note" -> notes.add(l.get("text", l.raw()));
            case "fatal" -> fatal = l;
            case "done" -> done = l;
            case "host" -> host = l;
            default -> {
                // exit, and kinds added later: nothing to keep.
            }
        }
    }

    private ScenarioOutput scenario(String name) {
        return scenarios.computeIfAbsent(name, ScenarioOutput::new);
    }

    public Optional<WberrLine> hello() {
        return Optional.ofNullable(hello);
    }

    public Optional<WberrLine> done() {
        return Optional.ofNullable(done);
    }

    public Optional<WberrLine> host() {
        return Optional.ofNullable(host);
    }

    public Optional<WberrLine> fatal() {
        return Optional.ofNullable(fatal);
    }

    public List<String> notes() {
        return Collections.unmodifiableList(notes);
    }

    /** The scenarios in the order the guest began them, by name ({@code NNN-NAME}). */
    public Map<String, ScenarioOutput> scenarios() {
        return Collections.unmodifiableMap(scenarios);
    }

    /** The scenario whose name starts with {@code NNN-} for {@code index} (1-based position in the boot). */
    public Optional<ScenarioOutput> scenario(int index) {
        String prefix = String.format("%03d-", index);
        return scenarios.values().stream().filter(s -> s.name.startsWith(prefix)).findFirst();
    }

    /**
     * Whether the guest finished every scenario ({@code done}) and run-qemu.sh said {@code status=ok}, or the boot
     * ended as its last scenario asked: in a panic ({@code status=panic}, a {@code panic} line).
     */
    public boolean complete() {
        if (host != null && "panic".equals(host.get("status", ""))) {
            return scenarios.values().stream().anyMatch(s -> s.panic != null);
        }
        return done != null && (host == null || "ok".equals(host.get("status", "")));
    }

    /**
     * What booted: {@code release} and {@code version} (uname -r and -v, from the hello line), {@code kernel}
     * (run-qemu.sh's --kernel: debian, stock, a variant) and {@code package} (Debian's image package, or
     * {@code linux-source-6.1+VARIANT-PATCHKEY}), from the host line; what the lines do not say is left out.
     */
    public Map<String, String> kernelFacts() {
        Map<String, String> f = new LinkedHashMap<>();
        if (hello != null) {
            hello.get("kernel").ifPresent(v -> f.put("release", v));
            hello.get("kernel_version").ifPresent(v -> f.put("version", v));
        }
        if (host != null) {
            host.get("kernel_name").ifPresent(v -> f.put("kernel", v));
            host.get("kernel_package").ifPresent(v -> f.put("package", v));
        }
        return f;
    }

    /** The kernel as {@code hello} named it: {@code 6.1.0-50-amd64 (#1 SMP ... Debian 6.1.176-1 ...)}. */
    public String kernel() {
        if (hello == null) {
            return "unknown kernel (no hello line)";
        }
        String v = hello.get("kernel_version", "");
        return hello.get("kernel", "?") + (v.isEmpty() ? "" : " (" + v + ")");
    }

    /** Where the run stopped, for messages about a truncated run. */
    public String lastSeen() {
        if (scenarios.isEmpty()) {
            return hello == null ? "before the guest said hello" : "after hello, before the first scenario";
        }
        ScenarioOutput last = null;
        for (ScenarioOutput s : scenarios.values()) {
            last = s;
        }
        int n = last.steps.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
        return "in scenario " + last.name + (n == 0 ? ", before its first step" : ", after step " + n)
                + (last.end == null ? "" : " (ended " + last.end.get("status", "?") + ")");
    }

    public static int intOf(String s, int otherwise) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}
