/**
 * The command line: one picocli command per verb (check, export, replay, gen-tests, scenario, kernel), their
 * options, and the mapping of failures to exit codes ({@link org.wberr.cli.Main}, the one place). Commands wire the
 * stages together with the subjects of {@code org.wberr.subject.Subjects}; they hold no logic of their own.
 */
package org.wberr.cli;
