/**
 * The HTML report ({@code target/wberr/report/index.html}, written by {@code wberr check} and {@code wberr report}):
 * one self-contained page built from check's JSON, the ITF traces it names and the specs' property definitions, with
 * every counterexample as an SVG sequence diagram drawn from its subject's {@link org.wberr.subject.Storyboard}. It sits
 * above {@code report} (it shows what check printed) and below {@code cli}. Every string that comes from a trace, a
 * spec or a scenario goes through {@link org.wberr.report.html.Html#escape}.
 */
package org.wberr.report.html;
