/**
 * The bottom of trace-checker, used by every other package: how a failure reaches the user (a
 * {@link org.wberr.core.WberrException} with an {@link org.wberr.core.ExitCode}: 2 for bad input naming the file and
 * place, 3 for the environment), how the user's files are read (UTF-8 text or JSON, every failure naming the file and
 * place: {@link org.wberr.core.InputFiles}), how files are written (whole or not at all:
 * {@link org.wberr.core.AtomicFiles}), and how paths and quoted input are shown ({@link org.wberr.core.Display}). It
 * knows no spec, subject or stage.
 */
package org.wberr.core;
