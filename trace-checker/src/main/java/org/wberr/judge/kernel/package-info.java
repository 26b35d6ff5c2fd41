/**
 * A real Linux kernel as a judge: scenarios translated to the guest's step files by each subject's
 * {@link org.wberr.judge.kernel.KernelTranslation}, run in one boot of the kernel oracle, and the guest's answers read
 * back as step results ({@link org.wberr.judge.kernel.KernelJudge}).
 */
package org.wberr.judge.kernel;
