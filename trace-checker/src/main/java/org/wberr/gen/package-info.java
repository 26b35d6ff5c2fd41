/**
 * Generated tests: a certified counterexample written as a readable JUnit 5 test on model-java
 * ({@link org.wberr.gen.TestGenerator}), each step rendered by the subject's {@link org.wberr.gen.Renderer}, with a
 * fingerprint of the spec files it came from so that a stale committed test is caught.
 */
package org.wberr.gen;
