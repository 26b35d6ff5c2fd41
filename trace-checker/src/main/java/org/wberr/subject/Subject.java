package org.wberr.subject;

import java.util.List;
import java.util.Optional;

import org.wberr.conformance.Driver;
import org.wberr.gen.Renderer;
import org.wberr.judge.ScenarioModel;
import org.wberr.judge.kernel.KernelTranslation;
import org.wberr.judge.spec.SpecMapping;
import org.wberr.scenario.Grammar;

/**
 * One thing wberr models (errseq_t, fsync, ext4's metadata writeback): everything each stage of the pipeline
 * must know about it, in one package per subject. A new subject is a new package implementing this interface and
 * one line in {@link Subjects#ALL}; nothing outside its package names its spec, actions or steps.
 */
public interface Subject {

    /** The subject's one name: {@code errseq}, {@code fsync}, {@code ext4}; a scenario's {@code subject} line. */
    String name();

    /**
     * Its spec's name as the manifest and traces write it ({@code "spec"}, {@code #meta.spec}): {@code Errseq},
     * {@code Fsync}, {@code Ext4MetaWriteback}. The TLA+ module of that name is the spec.
     */
    String spec();

    /** The variant ids of its model and spec, in a stable order. */
    List<String> variants();

    /** A fresh replay driver: the spec's actions as calls on model-java, its state projected onto the spec's. */
    Driver newDriver();

    /** A fresh test renderer: the same mapping, written as a JUnit test (wberr gen-tests). */
    Renderer newRenderer();

    /** What the scenario stages need, if the subject has scenarios (errseq has none). */
    default Optional<Scenarios> scenarios() {
        return Optional.empty();
    }

    /**
     * The subject's scenarios: their steps, and each judge's reading of them.
     *
     * @param grammar the steps and their syntax
     * @param model   the Java model's judge of them
     * @param spec    how they map onto the spec's actions (trace validation)
     * @param kernel  how they run on the kernel oracle's guest
     */
    record Scenarios(Grammar grammar, ScenarioModel model, SpecMapping spec, KernelTranslation kernel) {
    }
}
