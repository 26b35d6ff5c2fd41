package org.wberr.report.html;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Inputs of the report built in tests: check's JSON, a trace and a scenario run whose strings are {@code evil}. */
final class ReportFixtures {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ReportFixtures() {
    }

    /** An Fsync counterexample of two steps whose fd is named {@code evil}: it opens, then fsyncs silently. */
    static String hostileTrace(String evil) throws Exception {
        ObjectNode t = MAPPER.createObjectNode();
        ObjectNode meta = t.putObject("#meta");
        meta.put("spec", "Fsync");
        meta.put("variant", "v8-posting");
        meta.putObject("constants").putObject("Fds").putArray("#set").add(evil);
        t.putArray("vars").add("wb_err").add("f_wb_err").add("ret");
        ArrayNode states = t.putArray("states");
        state(states, "init", null, 5, MAPPER.createArrayNode(), 0);
        state(states, "OpenFile", evil, 4101, MAPPER.createObjectNode().put(evil, 4101), 0);
        state(states, "Fsync", evil, 4101, MAPPER.createObjectNode().put(evil, 4101), -5);
        return MAPPER.writeValueAsString(t);
    }

    /** Adds a state reached by {@code action} (its pick {@code fd}, if any) with these values. */
    private static void state(ArrayNode states, String action, String fd, int wbErr,
            com.fasterxml.jackson.databind.JsonNode fWbErr, int ret) {
        ObjectNode s = states.addObject();
        s.put("mbt::actionTaken", action);
        ObjectNode picks = s.putObject("mbt::nondetPicks");
        if (fd != null) {
            picks.put("fd", fd);
        }
        s.put("wb_err", wbErr);
        s.set("f_wb_err", fWbErr);
        s.put("ret", ret);
    }

    /** check's JSON with one Fsync model named "model " + evil, violated as expected, its counterexample the above. */
    static String hostileCheck(String evil) throws Exception {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode s = root.putObject("summary");
        s.put("models", 1);
        s.put("asExpected", 1);
        s.put("differ", 0);
        s.put("couldNotBeChecked", 0);
        s.put("wallSeconds", 1.5);
        s.put("allAsExpected", true);
        ObjectNode m = root.putArray("models").addObject();
        m.put("spec", "Fsync");
        m.put("model", "model " + evil);
        m.put("variant", "v8-posting");
        m.put("property", "NoSilentFsyncInv");
        m.put("expected", "violated");
        m.put("actual", "violated");
        m.put("status", "as-expected");
        m.put("distinctStates", 3);
        m.putObject("violation").put("kind", "invariant").put("name", "NoSilentFsyncInv");
        m.put("counterexample", "traces/counterexamples/evil.itf.json");
        m.put("error", evil);
        return MAPPER.writeValueAsString(root);
    }

    /** A scenario run of one step, {@code open EVIL}, that the model judge answered with {@code evil}. */
    static String hostileScenarios(String evil) throws Exception {
        ArrayNode all = MAPPER.createArrayNode();
        ObjectNode sc = all.addObject();
        sc.put("file", evil);
        sc.put("variant", "v8-posting");
        sc.putObject("kernel").put("release", evil);
        sc.put("agree", true);
        ObjectNode step = sc.putArray("steps").addObject();
        step.put("line", 1);
        step.put("step", "open " + evil);
        step.putNull("expect");
        step.putObject("answers").put("model", evil).putNull(evil);
        step.putObject("notJudged").put(evil, evil);
        return MAPPER.writeValueAsString(all);
    }
}
