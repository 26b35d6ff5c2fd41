package org.wberr.judge.spec;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.wberr.scenario.Scenario;
import org.wberr.scenario.Step;
import org.wberr.tlc.SpecModel;

/**
 * Scenarios of subject fsync on Fsync.tla. Each visible step is one action with its parameters
 * ({@code open A} is {@code OpenFile} with {@code fd = "A"}; {@code writeback 0 EIO} is
 * {@code WritebackStart(0)} then {@code WritebackEnd(0, "EIO")}; {@code sync} takes no action of its own: it
 * is the hidden writebacks below, after which no page is dirty or under writeback). A step's result is the
 * variable {@code ret}. Hidden between visible steps: background writeback that succeeds
 * ({@code WritebackStart(p)}, {@code WritebackEnd(p, "ok")}).
 */
final class FsyncMapping implements SpecMapping {

    @Override
    public String module() {
        return "Fsync";
    }

    /** The scenario's fds and pages, {@link TraceValidator#COUNTER_BITS}. */
    @Override
    public String cfg(Scenario scenario, String variant) {
        Set<String> fds = new TreeSet<>();
        Set<Integer> pages = new TreeSet<>();
        boolean evictsInode = false;
        boolean stats = false;
        for (Step s : scenario.steps()) {
            if (s instanceof Step.Open o) {
                fds.add(o.fd());
            } else if (s instanceof Step.Write w) {
                pages.add(w.page());
            } else if (s instanceof Step.Writeback w) {
                pages.add(w.page());
            } else if (s instanceof Step.WritebackStart w) {
                pages.add(w.page());
            } else if (s instanceof Step.WritebackEnd w) {
                pages.add(w.page());
            } else if (s instanceof Step.Evict e) {
                pages.add(e.page());
            } else if (s instanceof Step.EvictInode) {
                evictsInode = true;
            } else if (s instanceof Step.Stat) {
                stats = true;
            }
        }
        if (pages.isEmpty()) {
            pages.add(0);
        }
        if (fds.isEmpty()) {
            fds.add("A");
        }
        return TraceValidator.cfgHeader(scenario, variant)
                + "    Fds = {" + String.join(", ", fds.stream().map(f -> "\"" + f + "\"").toList()) + "}\n"
                + "    Pages = {" + String.join(", ", pages.stream().map(String::valueOf).toList()) + "}\n"
                + "    InodeEviction = " + (evictsInode ? "TRUE" : "FALSE") + "\n"
                + "    NonFsyncConsumer = " + (stats ? "TRUE" : "FALSE") + "\n";
    }

    @Override
    public List<Way> ways(Step s, String variant) {
        if (s instanceof Step.Open o) {
            return List.of(Way.of(Call.of("OpenFile", "fd", o.fd())));
        } else if (s instanceof Step.Close c) {
            return List.of(Way.of(Call.of("Close", "fd", c.fd())));
        } else if (s instanceof Step.Write w) {
            return List.of(Way.of(Call.of("Write", "fd", w.fd(), "p", w.page())));
        } else if (s instanceof Step.Writeback w) {
            return List.of(Way.of(Call.of("WritebackStart", "p", w.page()),
                    Call.of("WritebackEnd", "p", w.page(), "outcome", w.outcome().id())));
        } else if (s instanceof Step.WritebackStart w) {
            return List.of(Way.of(Call.of("WritebackStart", "p", w.page())));
        } else if (s instanceof Step.WritebackEnd w) {
            return List.of(Way.of(Call.of("WritebackEnd", "p", w.page(), "outcome", w.outcome().id())));
        } else if (s instanceof Step.Evict e) {
            return List.of(Way.of(Call.of("EvictPage", "p", e.page())));
        } else if (s instanceof Step.EvictInode) {
            return List.of(Way.of(Call.of("EvictInode")));
        } else if (s instanceof Step.Fsync f) {
            return List.of(Way.of(Call.of("Fsync", "fd", f.fd())));
        } else if (s instanceof Step.Stat) {
            return List.of(Way.of(Call.of("Stat")));
        } else if (s instanceof Step.Sync) {
            return List.of(Way.stutter(FsyncMapping::nothingDirty, "the hidden writebacks of sync"));
        }
        return null;
    }

    @Override
    public boolean hidden(SpecModel.ActionInstance a) {
        return a.name().equals("WritebackStart") || (a.name().equals("WritebackEnd")
                && SpecModel.encodeParams(a.params()).path("outcome").asText("").equals("ok"));
    }

    @Override
    public Integer result(ObjectNode state) {
        return state.path("ret").asInt();
    }

    private static boolean nothingDirty(ObjectNode s) {
        for (JsonNode pair : s.path("page").path("#map")) {
            String st = pair.path(1).asText();
            if (st.equals("dirty") || st.equals("writeback")) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String show(ObjectNode o) {
        ObjectNode k = JsonNodeFactory.instance.objectNode();
        for (String v : List.of("page", "wb_err", "as_flags", "f_wb_err", "ret")) {
            if (o.has(v)) {
                k.set(v, o.get(v));
            }
        }
        return k.toString();
    }
}
