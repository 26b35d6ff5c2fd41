package org.wberr.tlc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.wberr.itf.ItfEncoder;

import tla2sany.semantic.ExprOrOpArgNode;
import tla2sany.semantic.FormalParamNode;
import tla2sany.semantic.OpApplNode;
import tla2sany.semantic.OpDeclNode;
import tla2sany.semantic.OpDefNode;
import tla2sany.semantic.SymbolNode;
import tlc2.tool.Action;
import tlc2.tool.EvalControl;
import tlc2.tool.StateVec;
import tlc2.tool.TLCState;
import tlc2.tool.impl.FastTool;
import tlc2.util.FP64;
import tlc2.value.IValue;
import util.SimpleFilenameToStream;

/**
 * The spec of one model as an explicit transition system, through TLC's {@link FastTool}: its variables,
 * initial states, and the actions of its next-state relation with their parameters. The child uses it after
 * TLC finished to certify a counterexample step by step and to name the action and parameters of each step
 * (TLC's trace carries only the action's name and source location). Later it is also the place to explore
 * the state graph (coverage traces).
 *
 * <p>TLC splits the next-state relation into one {@link Action} per disjunct and per binding of the
 * {@code \E} quantifiers in front of it: {@code \E f \in Fds : Open(f)} becomes {@code Open} with
 * {@code f = a} and {@code Open} with {@code f = b}. The parameters of an action are the formal parameters of
 * its operator ({@code f} of {@code Open(f)}), read from the action's context; for an action whose operator
 * takes no parameters (say {@code Next == \E f \in Fds : ...} written inline) they are the
 * {@code \E}-bound variables. Quantifiers TLC cannot expand ahead of time (over a state-dependent set, such as
 * {@code \E f \in open : Close(f)} inside an operator's body) stay inside one action, and their choice is not
 * recoverable as a parameter. When an operator is applied to state-dependent arguments
 * ({@code Close(CHOOSE f \in open : TRUE)}), the arguments are evaluated in the step's states.
 *
 * <p>Static state: constructing a FastTool re-runs SANY and resets some of TLC's static tables
 * ({@code ModelValue.init()}, {@code TLCStateMut.setTool}). Doing so after {@link TlcSession} finished in the
 * same JVM is safe because TLC is done and states from TLC's run compare equal to this tool's states: model
 * values compare by name, and the variables get the same positions since the same spec is parsed.
 */
public final class SpecModel {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** One action of the next-state relation, with its parameter values. */
    public record ActionInstance(Action action, String name, Map<String, IValue> params) {
    }

    /** One step: the action taken and its parameters, evaluated for this step. */
    public record ActionTaken(String name, Map<String, IValue> params) {
        public static final ActionTaken INIT = new ActionTaken("init", Map.of());
        public static final ActionTaken STUTTER = new ActionTaken("stutter", Map.of());
    }

    private final FastTool tool;
    private final List<ActionInstance> actions = new ArrayList<>();
    private final List<OpDeclNode> variables;

    private SpecModel(FastTool tool) {
        this.tool = tool;
        // TLC's own variable order is not the declaration order; people read states in declaration order.
        List<OpDeclNode> vars = new ArrayList<>(List.of(TLCState.vars));
        vars.sort(Comparator.comparing((OpDeclNode v) -> v.getLocation().source())
                .thenComparingInt(v -> v.getLocation().beginLine())
                .thenComparingInt(v -> v.getLocation().beginColumn()));
        this.variables = List.copyOf(vars);
        for (Action a : tool.getActions()) {
            OpDefNode def = a.getOpDef();
            String name = def != null ? def.getName().toString() : a.getName().toString();
            actions.add(new ActionInstance(a, name, parameters(a)));
        }
    }

    /** Parses the spec {@code specDir/module.tla} with the cfg {@code cfgFile}. */
    public static SpecModel load(String specDir, String module, String cfgFile) {
        // FastTool fingerprints states; without FP64.Init every fingerprint is equal.
        FP64.Init(0);
        String cfg = cfgFile.endsWith(".cfg") ? cfgFile.substring(0, cfgFile.length() - 4) : cfgFile;
        return new SpecModel(new FastTool(specDir, module, cfg, new SimpleFilenameToStream(specDir)));
    }

    /**
     * {@link #load}, with what SANY and TLC print while parsing captured rather than printed (a caller whose stdout
     * is its own output); a spec that does not parse is an {@link IllegalArgumentException} with that text.
     */
    public static SpecModel loadQuietly(String specDir, String module, String cfgFile) {
        java.io.PrintStream out = util.ToolIO.out;
        java.io.PrintStream err = util.ToolIO.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        java.io.PrintStream quiet = new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8);
        util.ToolIO.out = quiet;
        util.ToolIO.err = quiet;
        try {
            return load(specDir, module, cfgFile);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("TLC cannot load " + module + " with " + cfgFile + ": " + e.getMessage()
                    + "\n" + captured.toString(java.nio.charset.StandardCharsets.UTF_8).strip(), e);
        } finally {
            util.ToolIO.out = out;
            util.ToolIO.err = err;
        }
    }

    /** The variables, in declaration order (by module name, then position, when several modules declare some). */
    public List<String> variables() {
        return variables.stream().map(v -> v.getName().toString()).toList();
    }

    /** The actions of the next-state relation, one per disjunct and binding. */
    public List<ActionInstance> actions() {
        return Collections.unmodifiableList(actions);
    }

    /** The state's variables as ITF values, in declaration order. */
    public ObjectNode encode(TLCState s) {
        ObjectNode o = JSON.objectNode();
        for (OpDeclNode v : variables) {
            o.set(v.getName().toString(), ItfEncoder.encode(s.lookup(v.getName())));
        }
        return o;
    }

    /** The initial states. */
    public List<TLCState> initialStates() {
        return list(tool.getInitStates());
    }

    /** The successors of {@code s} by {@code a}. */
    public List<TLCState> successors(ActionInstance a, TLCState s) {
        return list(tool.getNextStates(a.action(), s));
    }

    private static List<TLCState> list(StateVec v) {
        List<TLCState> l = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            l.add(v.elementAt(i));
        }
        return l;
    }

    /** True iff {@code s} satisfies the cfg's CONSTRAINTs (TLC explores only such states). */
    public boolean inModel(TLCState s) {
        return tool.isInModel(s);
    }

    /** True iff the step {@code s -> t} satisfies the cfg's ACTION_CONSTRAINTs. */
    public boolean inActions(TLCState s, TLCState t) {
        return tool.isInActions(s, t);
    }

    /** True iff every variable of {@code s} has a value (TLC rejects a step that leaves one unassigned). */
    public boolean assigned(TLCState s) {
        return tool.isGoodState(s);
    }

    /** True iff {@code s} is an initial state of the spec. */
    public boolean isInitial(TLCState s) {
        StateVec init = tool.getInitStates();
        for (int i = 0; i < init.size(); i++) {
            if (init.elementAt(i).equals(s)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The first action that leads from {@code from} to {@code to}, with its parameters, or null if none does.
     * Actions that fail to evaluate in {@code from} are skipped.
     */
    public ActionTaken step(TLCState from, TLCState to) {
        for (ActionInstance a : actions) {
            StateVec next;
            try {
                next = tool.getNextStates(a.action(), from);
            } catch (RuntimeException e) {
                // An action TLC never evaluated in this state (simulation picks one action at a time) may
                // fail to evaluate; it did not take this step.
                continue;
            }
            for (int i = 0; i < next.size(); i++) {
                if (next.elementAt(i).equals(to)) {
                    return new ActionTaken(a.name(), evaluatedParameters(a, from, to));
                }
            }
        }
        return null;
    }

    /** True iff some action of the spec is enabled in {@code s}. */
    public boolean hasSuccessor(TLCState s) {
        for (ActionInstance a : actions) {
            if (!tool.getNextStates(a.action(), s).empty()) {
                return true;
            }
        }
        return false;
    }

    /** The invariant named {@code name} of the cfg, evaluated in {@code s}; null if the cfg has no such invariant. */
    public Boolean invariant(String name, TLCState s) {
        String[] names = tool.getInvNames();
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return tool.isValid(tool.getInvariants()[i], s);
            }
        }
        return null;
    }

    /** The cfg's temporal properties (PROPERTY entries), as TLC names them. */
    List<String> temporalProperties() {
        return CfgFacts.strings(tool.getModelConfig().getProperties());
    }

    private static Map<String, IValue> parameters(Action a) {
        Map<String, IValue> params = new LinkedHashMap<>();
        OpDefNode def = a.getOpDef();
        if (def != null && def.getParams().length > 0) {
            for (FormalParamNode p : def.getParams()) {
                if (a.con.lookup(p) instanceof IValue v) {
                    params.put(p.getName().toString(), v);
                }
            }
            return params;
        }
        // No formal parameters: the \E-bound variables in the action's context, outermost first.
        List<SymbolNode> bound = new ArrayList<>();
        a.con.lookupName(n -> {
            if (n instanceof FormalParamNode) {
                bound.add(n);
            }
            return false;
        });
        Collections.reverse(bound);
        for (SymbolNode n : bound) {
            if (a.con.lookup(n) instanceof IValue v) {
                params.putIfAbsent(n.getName().toString(), v);
            }
        }
        return params;
    }

    /**
     * The parameters of {@code a} for the step {@code from -> to}: those fixed in the action's context, plus
     * the operator's arguments TLC could not evaluate ahead of time, evaluated in this step's states.
     */
    public Map<String, IValue> evaluatedParameters(ActionInstance a, TLCState from, TLCState to) {
        OpDefNode def = a.action().getOpDef();
        if (def == null || a.params().size() == def.getParams().length
                || !(a.action().pred instanceof OpApplNode appl) || appl.getOperator() != def) {
            return a.params();
        }
        Map<String, IValue> params = new LinkedHashMap<>();
        FormalParamNode[] formals = def.getParams();
        ExprOrOpArgNode[] args = appl.getArgs();
        for (int i = 0; i < formals.length && i < args.length; i++) {
            try {
                params.put(formals[i].getName().toString(),
                        tool.eval(args[i], a.action().con, from, to, EvalControl.Clear));
            } catch (RuntimeException e) {
                // Not evaluable here (e.g. an operator argument); leave the parameter out.
            }
        }
        return params;
    }

    /** {@code params} as an ITF record. */
    public static JsonNode encodeParams(Map<String, IValue> params) {
        ObjectNode o = JSON.objectNode();
        params.forEach((k, v) -> o.set(k, ItfEncoder.encode(v)));
        return o;
    }
}
