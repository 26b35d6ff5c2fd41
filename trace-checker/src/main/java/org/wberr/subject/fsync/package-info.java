/**
 * The fsync subject: how fsync reports writeback errors per fd (Fsync.tla, its variants legacy-flags, v8-posting,
 * v4.13 and v4.17; model-java's {@code Vfs}). Its actions ({@link org.wberr.subject.fsync.FsyncAction}), its scenario
 * steps ({@link org.wberr.subject.fsync.FsyncStep}, {@link org.wberr.subject.fsync.FsyncGrammar}) and every stage's
 * reading of them: replay ({@link org.wberr.subject.fsync.FsyncDriver}), generated tests
 * ({@link org.wberr.subject.fsync.FsyncRenderer}), trace validation ({@link org.wberr.subject.fsync.FsyncMapping}), the
 * model judge ({@link org.wberr.subject.fsync.FsyncModel}) and the kernel ({@link org.wberr.subject.fsync.FsyncKernel}).
 */
package org.wberr.subject.fsync;
