/**
 * The machinery of trace export: a spec's state graph explored with FastTool into a compact
 * {@link org.wberr.export.Graph} ({@link org.wberr.export.StateSpace}), walks over it (a coverage set that takes every
 * reachable transition, seeded random walks) and their writing as ITF files. The check stage's child JVM runs it
 * after TLC; it knows no subject.
 */
package org.wberr.export;
