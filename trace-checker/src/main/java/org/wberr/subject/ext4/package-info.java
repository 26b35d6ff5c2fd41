/**
 * The ext4 subject: failed asynchronous writes of ext4 metadata buffers (Ext4MetaWriteback.tla, its variants
 * no-check, v2-workqueue, v5.9-errseq and v5.10-keep-uptodate under each errors= mode; model-java's {@code Ext4}).
 * Its actions ({@link org.wberr.subject.ext4.Ext4Action}), its scenario steps ({@link org.wberr.subject.ext4.Ext4Step},
 * {@link org.wberr.subject.ext4.Ext4Grammar}) and every stage's reading of them: replay
 * ({@link org.wberr.subject.ext4.Ext4Driver}), generated tests ({@link org.wberr.subject.ext4.Ext4Renderer}), trace
 * validation ({@link org.wberr.subject.ext4.Ext4Mapping}), the model judge ({@link org.wberr.subject.ext4.Ext4Model})
 * and the kernel ({@link org.wberr.subject.ext4.Ext4Kernel}).
 */
package org.wberr.subject.ext4;
