/**
 * The adapter to the kernel oracle (trace-checker/src/main/kernel): running its scripts (install-deps.sh, build.sh,
 * run-qemu.sh) for one boot of a QEMU guest, and reading the guest's WBERR lines. Like {@code tlc}, it knows no
 * scenario or subject: {@code judge.kernel} turns scenarios into step files and the lines back into results.
 */
package org.wberr.kernel;
