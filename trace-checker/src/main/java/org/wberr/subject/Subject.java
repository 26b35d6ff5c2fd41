package org.wberr.subject;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.wberr.campaign.GuestMoves;
import org.wberr.conformance.Driver;
import org.wberr.gen.Renderer;
import org.wberr.judge.ScenarioModel;
import org.wberr.judge.kernel.KernelTranslation;
import org.wberr.judge.spec.SpecMapping;
import org.wberr.scenario.Grammar;

/**
 * One thing wberr models (errseq_t, fsync, ext4's metadata writeback): everything each stage of the pipeline
 * must know about it. Each subject's package defines its value ({@code FsyncSubject.SUBJECT}) from the classes it
 * holds; a new subject is a new package and one line in {@link Subjects#ALL}, and nothing outside its package names
 * its spec, actions or steps.
 *
 * @param name      the subject's one name: {@code errseq}, {@code fsync}, {@code ext4}; a scenario's
 *                  {@code subject} line
 * @param spec      its spec's name as the manifest and traces write it ({@code "spec"}, {@code #meta.spec}):
 *                  {@code Errseq}, {@code Fsync}, {@code Ext4MetaWriteback}; the TLA+ module of that name is the spec
 * @param variants  the variant ids of its model and spec, in a stable order
 * @param drivers   makes a fresh replay driver: the spec's actions as calls on model-java, its state projected
 *                  onto the spec's
 * @param renderers makes a fresh test renderer: the same mapping, written as a JUnit test (wberr gen-tests)
 * @param storyboard how its traces read as sequence diagrams (the HTML report)
 * @param scenarios what the scenario stages need, if the subject has scenarios (errseq has none)
 */
public record Subject(String name, String spec, List<String> variants, Supplier<Driver> drivers,
                      Supplier<Renderer> renderers, Storyboard storyboard,
                      Optional<Scenarios> scenarios) {

    public Subject {
        variants = List.copyOf(variants);
    }

    /** A fresh replay driver (drivers keep the state of one trace). */
    public Driver newDriver() {
        return drivers.get();
    }

    /** A fresh test renderer (renderers keep the settings of one trace). */
    public Renderer newRenderer() {
        return renderers.get();
    }

    /**
     * The subject's scenarios: their steps, and each judge's reading of them.
     *
     * @param grammar the steps and their syntax
     * @param model   the Java model's judge of them
     * @param spec    how they map onto the spec's actions (trace validation)
     * @param kernel  how they run on the kernel oracle's guest
     * @param guest   its spec's actions as the guest's steps, for scenarios generated from the spec (wberr kernel
     *                --generate); empty if the subject has none yet
     */
    public record Scenarios(Grammar grammar, ScenarioModel model, SpecMapping spec, KernelTranslation kernel,
                            Optional<GuestMoves> guest) {
    }
}
