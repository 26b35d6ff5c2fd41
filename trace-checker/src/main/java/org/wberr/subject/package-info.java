/**
 * Subjects: the things wberr models. A {@link org.wberr.subject.Subject} is everything the pipeline must know about
 * one of them, and {@link org.wberr.subject.Subjects#ALL} is the one list every stage reads through the CLI. One
 * package per subject below this one (errseq, fsync, ext4), each complete on its own: its spec's name and actions,
 * its scenario steps and grammar, its replay driver, test renderer, spec mapping, model judge and kernel translation.
 */
package org.wberr.subject;
