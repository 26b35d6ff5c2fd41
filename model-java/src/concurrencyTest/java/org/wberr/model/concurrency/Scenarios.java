package org.wberr.model.concurrency;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.lincheck.datastructures.DSLScenarioBuilder;

import kotlin.Unit;
import kotlin.jvm.functions.Function1;

/**
 * Lincheck custom scenarios written from Java: {@code scenario(Test.class).initial("set").thread("a", "b")
 * .thread("c").post("d")}, where each actor is an @Operation method name, optionally with arguments
 * ({@code "checkAndAdvance:0"}: integers after a colon, comma-separated).
 */
public final class Scenarios {
    private final Class<?> test;
    private final List<String> initial = new ArrayList<>();
    private final List<List<String>> threads = new ArrayList<>();
    private final List<String> post = new ArrayList<>();

    private Scenarios(Class<?> test) {
        this.test = test;
    }

    public static Scenarios scenario(Class<?> test) {
        return new Scenarios(test);
    }

    public Scenarios initial(String... actors) {
        initial.addAll(Arrays.asList(actors));
        return this;
    }

    public Scenarios thread(String... actors) {
        threads.add(Arrays.asList(actors));
        return this;
    }

    public Scenarios post(String... actors) {
        post.addAll(Arrays.asList(actors));
        return this;
    }

    /** The scenario as the argument of Lincheck's addCustomScenario. */
    public Function1<DSLScenarioBuilder, Unit> build() {
        return b -> {
            if (!initial.isEmpty()) {
                b.initial(t -> {
                    initial.forEach(a -> t.add(actor(a)));
                    return Unit.INSTANCE;
                });
            }
            b.parallel(p -> {
                for (List<String> thread : threads) {
                    p.thread(t -> {
                        thread.forEach(a -> t.add(actor(a)));
                        return Unit.INSTANCE;
                    });
                }
                return Unit.INSTANCE;
            });
            if (!post.isEmpty()) {
                b.post(t -> {
                    post.forEach(a -> t.add(actor(a)));
                    return Unit.INSTANCE;
                });
            }
            return Unit.INSTANCE;
        };
    }

    private Actor actor(String spec) {
        String[] parts = spec.split(":", 2);
        List<Object> args = new ArrayList<>();
        if (parts.length == 2) {
            for (String a : parts[1].split(",")) {
                args.add(a.equals("true") || a.equals("false") ? (Object) Boolean.valueOf(a) : (Object) Integer.valueOf(a));
            }
        }
        for (Method m : test.getMethods()) {
            if (m.getName().equals(parts[0]) && m.getParameterCount() == args.size()) {
                return new Actor(m, args, false, false, false, false, false);
            }
        }
        throw new IllegalArgumentException("no operation " + spec + " in " + test.getName());
    }
}
