/**
 * The model as a test oracle for real kernels: scenarios generated from the spec's behaviours (coverage walks and
 * seeded random walks over the steps a kernel guest can take, {@link org.wberr.campaign.Generator}), run on the
 * kernel of their variant and compared with the spec's results ({@link org.wberr.campaign.Campaign}); a
 * disagreement is explained by an abstraction the model names ({@link org.wberr.campaign.Abstraction}) or shrunk to
 * a minimal scenario ({@link org.wberr.campaign.Shrinker}). Patch review ({@link org.wberr.campaign.PatchReview})
 * runs the same scenarios on a kernel with a user's patch and says which variant of the model it behaves as. What
 * a subject's steps are is the subject's ({@link org.wberr.campaign.GuestMoves}, implemented in its package); this
 * package knows no subject. It sits above the judges (it drives the kernel and model judges) and below the
 * subjects (which implement its interface).
 */
package org.wberr.campaign;
