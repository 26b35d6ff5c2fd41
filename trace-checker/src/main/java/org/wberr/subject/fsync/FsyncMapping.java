package org.wberr.subject.fsync;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.wberr.judge.spec.SpecMapping;
import org.wberr.judge.spec.TraceValidator;
import org.wberr.scenario.Grammar;
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
public final class FsyncMapping implements SpecMapping {

    @Override
    public Grammar grammar() {
        return new FsyncGrammar();
    }

    @Override
    public String module() {
        return FsyncSubject.SPEC;
    }

    /** The scenario's fds and pages, {@link TraceValidator#COUNTER_BITS}. */
    @Override
    public String cfg(Scenario scenario, String variant) {
        Set<String> fds = new TreeSet<>();
        Set<Integer> pages = new TreeSet<>();
        boolean[] evictsInode = {false};
        boolean[] stats = {false};
        FsyncStep.Visitor<Void> collect = new FsyncStep.Partial<>() {
            protected Void otherwise(FsyncStep s) {
                return null;
            }

            public Void open(FsyncStep.Open s) {
                fds.add(s.fd());
                return null;
            }

            public Void write(FsyncStep.Write s) {
                pages.add(s.page());
                return null;
            }

            public Void writeback(FsyncStep.Writeback s) {
                pages.add(s.page());
                return null;
            }

            public Void writebackStart(FsyncStep.WritebackStart s) {
                pages.add(s.page());
                return null;
            }

            public Void writebackEnd(FsyncStep.WritebackEnd s) {
                pages.add(s.page());
                return null;
            }

            public Void evict(FsyncStep.Evict s) {
                pages.add(s.page());
                return null;
            }

            public Void evictInode(FsyncStep.EvictInode s) {
                evictsInode[0] = true;
                return null;
            }

            public Void stat(FsyncStep.Stat s) {
                stats[0] = true;
                return null;
            }
        };
        scenario.steps().forEach(s -> ((FsyncStep) s).accept(collect));
        if (pages.isEmpty()) {
            pages.add(0);
        }
        if (fds.isEmpty()) {
            fds.add("A");
        }
        return TraceValidator.cfgHeader(scenario, variant)
                + "    Fds = {" + String.join(", ", fds.stream().map(f -> "\"" + f + "\"").toList()) + "}\n"
                + "    Pages = {" + String.join(", ", pages.stream().map(String::valueOf).toList()) + "}\n"
                + "    InodeEviction = " + (evictsInode[0] ? "TRUE" : "FALSE") + "\n"
                + "    NonFsyncConsumer = " + (stats[0] ? "TRUE" : "FALSE") + "\n";
    }

    @Override
    public List<Way> ways(Step step, String variant) {
        return ((FsyncStep) step).accept(new FsyncStep.Visitor<>() {
            public List<Way> open(FsyncStep.Open s) {
                return List.of(Way.of(Call.of(FsyncAction.OpenFile, "fd", s.fd())));
            }

            public List<Way> close(FsyncStep.Close s) {
                return List.of(Way.of(Call.of(FsyncAction.Close, "fd", s.fd())));
            }

            public List<Way> write(FsyncStep.Write s) {
                return List.of(Way.of(Call.of(FsyncAction.Write, "fd", s.fd(), "p", s.page())));
            }

            public List<Way> writeback(FsyncStep.Writeback s) {
                return List.of(Way.of(Call.of(FsyncAction.WritebackStart, "p", s.page()),
                        Call.of(FsyncAction.WritebackEnd, "p", s.page(), "outcome", s.outcome().id())));
            }

            public List<Way> writebackStart(FsyncStep.WritebackStart s) {
                return List.of(Way.of(Call.of(FsyncAction.WritebackStart, "p", s.page())));
            }

            public List<Way> writebackEnd(FsyncStep.WritebackEnd s) {
                return List.of(Way.of(Call.of(FsyncAction.WritebackEnd, "p", s.page(), "outcome", s.outcome().id())));
            }

            public List<Way> evict(FsyncStep.Evict s) {
                return List.of(Way.of(Call.of(FsyncAction.EvictPage, "p", s.page())));
            }

            public List<Way> evictInode(FsyncStep.EvictInode s) {
                return List.of(Way.of(Call.of(FsyncAction.EvictInode)));
            }

            public List<Way> fsync(FsyncStep.Fsync s) {
                return List.of(Way.of(Call.of(FsyncAction.Fsync, "fd", s.fd())));
            }

            public List<Way> stat(FsyncStep.Stat s) {
                return List.of(Way.of(Call.of(FsyncAction.Stat)));
            }

            public List<Way> sync(FsyncStep.Sync s) {
                return List.of(Way.stutter(FsyncMapping::nothingDirty, "the hidden writebacks of sync"));
            }
        });
    }

    @Override
    public boolean hidden(SpecModel.ActionInstance a) {
        return a.name().equals(FsyncAction.WritebackStart.name()) || (a.name().equals(FsyncAction.WritebackEnd.name())
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
