package org.wberr.report.html;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wberr.cli.Main;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTML report in a real browser (profile browser, tag "browser"): Debian's chromium, installed by
 * src/test/browser/install-chromium.sh when missing, opens the report that {@code wberr check} writes for fsync's
 * v8-posting models, and a report built from a trace whose strings hold HTML and script. The page must load without a
 * console error, a failed load or a dialog; its DOM must hold the matrix's cells, the counterexample's steps and the
 * highlighted violating step. Screenshots go to target/browser/ (the README's come from there).
 */
@Tag("browser")
class ReportInBrowserTest {
    static final Path SHOTS = Paths.get("target", "browser");

    @TempDir
    static Path tmp;

    static Chromium browser;

    @BeforeAll
    static void start() throws Exception {
        Path script = Paths.get("src", "test", "browser", "install-chromium.sh");
        Process p = new ProcessBuilder("bash", script.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String binary = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(15, TimeUnit.MINUTES), "install-chromium.sh did not finish");
        assertEquals(0, p.exitValue(), "install-chromium.sh failed (its message is above)");
        browser = new Chromium(binary);
    }

    @AfterAll
    static void stop() throws IOException {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void checksReport_showsTheMatrixAndTheV8PostingCounterexample() throws Exception {
        Path out = tmp.resolve("check");
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int exit = Main.newCommandLine(new PrintWriter(o), new PrintWriter(e)).execute("check", "--specs-dir",
                Paths.get("..", "specs").toString(), "--spec", "Fsync", "--out", out.toString());
        assertEquals(0, exit, o + "\n" + e);
        Path report = out.resolve(HtmlReport.FILE);
        browser.open(report);

        // The Fsync matrix: a column per variant, a cell per model (22), each linked to its story.
        assertEquals(List.of("legacy-flags", "v8-posting", "v4.13", "v4.17"),
                texts("#spec-Fsync table.matrix thead th:not(:first-child)"));
        JsonNode cells = browser.eval("[...document.querySelectorAll('#spec-Fsync table.matrix a.cell')].map(a =>"
                + " [a.dataset.model, a.dataset.expected, a.dataset.actual, a.className, a.getAttribute('href')])");
        assertEquals(22, cells.size(), cells.toString());
        assertEquals("[\"fsync-v8-posting-NoSilentFsync\",\"violated\",\"violated\",\"cell violated\","
                + "\"#m-fsync-v8-posting-NoSilentFsync\"]", cells.get(1).toString());
        assertEquals("[\"fsync-v4.17-NoSilentFsync\",\"holds\",\"holds\",\"cell holds\","
                + "\"#m-fsync-v4.17-NoSilentFsync\"]", cells.get(3).toString());
        assertEquals(List.of("NoSilentFsync", "violated \u2713", "violated \u2713", "holds \u2713", "holds \u2713"),
                texts("#spec-Fsync table.matrix tbody tr:first-child > *"));
        assertEquals(1, browser.eval("document.querySelectorAll('#m-fsync-v8-posting-NoSilentFsync').length")
                .asInt());

        // Its counterexample: 6 steps after the initial state, the last one highlighted as the violation.
        String svg = "#m-fsync-v8-posting-NoSilentFsync svg.diagram";
        assertEquals(7, browser.eval("document.querySelectorAll('" + svg + " g.step').length").asInt());
        assertEquals(List.of("6"), texts(svg + " g.step.violating .stepno"));
        assertEquals(List.of("\u2717 violates NoSilentFsyncInv"), texts(svg + " g.step.violating .verdict"));
        assertTrue(texts(svg + " g.step.violating .note").contains("ret = 0 (unchanged)"));
        assertEquals(List.of("fd A", "fd B", "page cache", "mapping wb_err", "disk"), texts(svg + " .lanename"));
        assertEquals("file_write_and_wait_range Fsync(fd=A)", browser.eval("document.querySelector('" + svg
                + " g.step.violating .fn').textContent").asText());
        assertTrue(browser.eval("document.querySelector('#m-fsync-v8-posting-NoSilentFsync pre.property')"
                + ".textContent").asText().contains("NoSilentFsyncInv =="));

        browser.screenshot("#spec-Fsync", SHOTS.resolve("report-matrix.png"));
        browser.screenshot("#m-fsync-v8-posting-NoSilentFsync", SHOTS.resolve("report-v8-posting.png"));

        // Dark mode: a dark page, light text, and the violating step still marked.
        browser.media("", "dark");
        assertEquals("rgb(13, 17, 23)", style("html", "backgroundColor"));
        assertEquals("rgb(230, 237, 243)", style("body", "color"));
        assertEquals("rgb(77, 64, 0)", style(svg + " g.step.violating .rowbg", "fill"));
        browser.screenshot("#m-fsync-v8-posting-NoSilentFsync", SHOTS.resolve("report-v8-posting-dark.png"));
        // Printed: black on white whatever the scheme, no navigation, a diagram no wider than the page.
        browser.media("print", "dark");
        assertEquals("rgb(255, 255, 255)", style("html", "backgroundColor"));
        assertEquals("none", style("nav", "display"));
        assertEquals("100%", style(svg, "maxWidth"));
        browser.media("", "light");
        assertEquals(List.of(), browser.problems());
    }

    @Test
    void stringsWithHtmlAndScript_areShownAsText_andNoScriptRuns() throws Exception {
        Path out = tmp.resolve("hostile");
        Files.createDirectories(out.resolve("traces/counterexamples"));
        String evil = "<script>alert('x')</script><img src=x onerror=alert(1)>\"'&";
        Files.writeString(out.resolve("traces/counterexamples/evil.itf.json"), ReportFixtures.hostileTrace(evil));
        Path json = tmp.resolve("hostile.json");
        Files.writeString(json, ReportFixtures.hostileCheck(evil));
        Path scenarios = tmp.resolve("hostile-scenarios.json");
        Files.writeString(scenarios, ReportFixtures.hostileScenarios(evil));
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int exit = Main.newCommandLine(new PrintWriter(o), new PrintWriter(e)).execute("report", "--json",
                json.toString(), "--out", out.toString(), "--scenarios", scenarios.toString());
        assertEquals(0, exit, o + "\n" + e);
        browser.open(out.resolve(HtmlReport.FILE));

        assertEquals(0, browser.eval("document.querySelectorAll('script, img, iframe, object, embed').length").asInt());
        assertEquals(0, browser.eval("[...document.querySelectorAll('*')].filter(el => [...el.attributes]"
                + ".some(a => a.name.startsWith('on'))).length").asInt());
        String text = browser.eval("document.body.textContent").asText();
        assertTrue(text.contains("fd " + evil), "the fd's name, as text");
        assertTrue(text.contains("model " + evil), "the model's name, as text");
        assertTrue(text.contains("open " + evil), "the scenario step, as text");
        // The initial state and two steps, the second the violating one.
        assertEquals(3, browser.eval("document.querySelectorAll('svg.diagram g.step').length").asInt());
        assertEquals(2, browser.eval("document.querySelector('svg.diagram g.step.violating').dataset.step").asInt());
        assertEquals(List.of(), browser.problems());
    }

    /** A computed style property of the first element {@code selector} matches. */
    private static String style(String selector, String property) throws Exception {
        return browser.eval("getComputedStyle(document.querySelector('" + selector + "'))." + property).asText();
    }

    /** The text of every element {@code selector} matches. */
    private static List<String> texts(String selector) throws Exception {
        JsonNode a = browser.eval("[...document.querySelectorAll(" + new com.fasterxml.jackson.databind.ObjectMapper()
                .writeValueAsString(selector) + ")].map(e => e.textContent)");
        List<String> out = new java.util.ArrayList<>();
        a.forEach(n -> out.add(n.asText()));
        return out;
    }
}
