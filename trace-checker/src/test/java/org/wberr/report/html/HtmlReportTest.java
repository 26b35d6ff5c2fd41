package org.wberr.report.html;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wberr.core.ExitCode;
import org.wberr.core.WberrException;
import org.wberr.itf.ItfReader;
import org.wberr.itf.ItfTrace;
import org.wberr.itf.ItfValue;
import org.wberr.subject.Storyboard;
import org.wberr.subject.errseq.ErrseqSubject;
import org.wberr.subject.ext4.Ext4Subject;
import org.wberr.subject.fsync.FsyncSubject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HTML report's parts on values: escaping, lanes, arrows, the violating step, the matrix's cells. */
class HtmlReportTest {
    static final String EVIL = "<script>alert('x')</script>&\"";

    @TempDir
    Path tmp;

    @Test
    void escape_replacesTheFiveSpecialCharacters_andNothingElse() {
        assertEquals("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;", Html.escape(EVIL));
        assertEquals("fd A \u2192 EIO|SEEN", Html.escape("fd A \u2192 EIO|SEEN"));
        assertEquals("", Html.escape(null));
    }

    @Test
    void id_keepsSafeCharacters_andEncodesTheRest_soDifferentNamesGiveDifferentIds() {
        assertEquals("m-fsync-v4.17-NoSilentFsync", Html.id("m-", "fsync-v4.17-NoSilentFsync"));
        assertEquals("m-a_20_b", Html.id("m-", "a b"));
        assertEquals("m-a_5f_b", Html.id("m-", "a_b"));
        assertTrue(Html.id("m-", EVIL).matches("[A-Za-z0-9_.-]+"));
    }

    @Test
    void errseqWord_showsErrnoSeenAndCounter() {
        assertEquals("0", Storyboard.errseqWord(0));
        assertEquals("EIO|ctr 0", Storyboard.errseqWord(5));
        assertEquals("EIO|SEEN|ctr 0", Storyboard.errseqWord(4096 + 5));
        assertEquals("ENOSPC|SEEN|ctr 3", Storyboard.errseqWord(3 * 8192 + 4096 + 28));
        assertEquals("-EIO", Storyboard.errnoName(-5));
        assertEquals("-7", Storyboard.errnoName(-7));
    }

    @Test
    void v8PostingCounterexample_hasALanePerActor_anArrowPerStepNamedAfterTheKernelFunction_andTheLastHighlighted() {
        ItfTrace t = ItfReader.read(fixture("fsync-v8-posting-NoSilentFsync.itf.json"));
        SequenceDiagram d = SequenceDiagram.of(t, FsyncSubject.SUBJECT.storyboard(), "v8-posting", 6);
        assertEquals(List.of("fd A", "fd B", "page cache", "mapping wb_err", "disk"), d.lanes());
        assertEquals(List.of("filemap_sample_wb_err", "generic_perform_write", "write_cache_pages",
                "end_page_writeback", "invalidate_mapping_pages", "file_write_and_wait_range"),
                d.steps().stream().map(SequenceDiagram.Step::function).toList());
        assertEquals(List.of("fd A", "fd A", "page cache", "disk", "page cache", "fd A"),
                d.steps().stream().map(SequenceDiagram.Step::from).toList());
        assertEquals(List.of("mapping wb_err", "page cache", "disk", "mapping wb_err", "page cache", "mapping wb_err"),
                d.steps().stream().map(SequenceDiagram.Step::to).toList());
        assertEquals(List.of(6), d.steps().stream().filter(SequenceDiagram.Step::violating)
                .map(SequenceDiagram.Step::index).toList());
        // The failed writeback: the page in the page cache, wb_err decoded in the mapping, history beside.
        assertEquals(List.of(new SequenceDiagram.Note("page cache", "page[0]: \"writeback\" \u2192 \"clean\""),
                new SequenceDiagram.Note("mapping wb_err", "wb_err: 0 \u2192 EIO|ctr 0"),
                new SequenceDiagram.Note("mapping wb_err", "as_flags: {} \u2192 {\"AS_EIO\"}"),
                new SequenceDiagram.Note(null, "errors: 0 \u2192 1"),
                new SequenceDiagram.Note(null, "owed: {} \u2192 {\"A\"}"),
                new SequenceDiagram.Note(null, "unreported: FALSE \u2192 TRUE")), d.steps().get(3).notes());
        // open(): the new fd's cursor, in the fd's lane.
        assertEquals(new SequenceDiagram.Note("fd A", "f_wb_err[A]: none \u2192 0"), d.steps().get(0).notes().get(0));
        // The silent fsync changed no kernel state: what it returned is shown anyway, in the caller's lane.
        assertTrue(d.steps().get(5).notes().contains(new SequenceDiagram.Note("fd A", "ret = 0 (unchanged)")));
    }

    @Test
    void ext4Arrows_dependOnTheVariant_andTheOutcome() {
        Storyboard s = Ext4Subject.SUBJECT.storyboard();
        Map<String, ItfValue> eio = Map.of("b", new ItfValue.Str("bitmap"), "outcome", new ItfValue.Str("EIO"));
        assertEquals(new Storyboard.Arrow("disk", "work queue", "end_buffer_async_write"),
                s.arrow("v2-workqueue", "WritebackEnd", eio));
        assertEquals(new Storyboard.Arrow("disk", "bdev wb_err", "end_buffer_async_write"),
                s.arrow("v5.9-errseq", "WritebackEnd", eio));
        assertEquals(new Storyboard.Arrow("work queue", "ext4", "ext4_error_err"), s.arrow("v2-workqueue", "ErrorErr",
                Map.of()));
        assertEquals(new Storyboard.Arrow("jbd2", "buffer", "jbd2_journal_commit_transaction"),
                s.arrow("no-check", "Commit", Map.of()));
        assertEquals(List.of("ext4", "jbd2", "buffer", "bdev wb_err", "work queue", "disk"), s.lanes(null));
        assertEquals("buffer", s.lane("bh", new ItfValue.Str("bitmap")));
        assertNull(s.lane("made", null));
        assertNull(s.arrow("no-check", "NoSuchAction", Map.of()));
    }

    @Test
    void errseqLanes_comeFromTheObservers_andTheSplitStepsSayWhichHalf() {
        ItfTrace t = ItfReader.read(fixture("errseq-v4.13-UnseenErrorReported.itf.json"));
        Storyboard s = ErrseqSubject.SUBJECT.storyboard();
        assertEquals("writer", s.lanes(t).get(0));
        assertEquals("errseq_t", s.lanes(t).get(s.lanes(t).size() - 1));
        assertEquals(new Storyboard.Arrow("observer A", "errseq_t", "errseq_check_and_advance (cmpxchg)"),
                s.arrow("v4.13", "CheckAndAdvanceCas", Map.of("o", new ItfValue.Str("A"))));
    }

    @Test
    void matrixCell_linksToTheModel_withExpectedAndActual() throws Exception {
        JsonNode ok = new ObjectMapper().readTree("{\"model\": \"fsync-v4.17-NoSilentFsync\", \"expected\": \"holds\","
                + " \"actual\": \"holds\", \"status\": \"as-expected\"}");
        StringBuilder sb = new StringBuilder();
        HtmlReport.cell(sb, ok);
        assertEquals("<a class=\"cell holds\" href=\"#m-fsync-v4.17-NoSilentFsync\" data-model=\"fsync-v4.17-NoSilentFsync\""
                + " data-expected=\"holds\" data-actual=\"holds\">holds <small title=\"as the manifest expects\">\u2713"
                + "</small></a>", sb.toString());
        JsonNode differs = new ObjectMapper().readTree("{\"model\": \"m\", \"expected\": \"holds\", \"actual\":"
                + " \"violated\", \"status\": \"differs\"}");
        sb.setLength(0);
        HtmlReport.cell(sb, differs);
        assertTrue(sb.toString().startsWith("<a class=\"cell differs\""), sb.toString());
        assertTrue(sb.toString().endsWith(">violated <small>(expected holds)</small></a>"), sb.toString());
    }

    @Test
    void page_escapesEveryStringFromTheTraceTheJsonAndTheScenario() throws Exception {
        Path out = tmp.resolve("out");
        Files.createDirectories(out.resolve("traces/counterexamples"));
        Files.writeString(out.resolve("traces/counterexamples/evil.itf.json"), ReportFixtures.hostileTrace(EVIL));
        JsonNode check = new ObjectMapper().readTree(ReportFixtures.hostileCheck(EVIL));
        JsonNode scenarios = new ObjectMapper().readTree(ReportFixtures.hostileScenarios(EVIL));
        String html = new HtmlReport(check, out, Paths.get("..", "specs"), scenarios).html();
        assertFalse(html.contains("<script"), "a script element");
        assertFalse(html.contains(EVIL), "the string unescaped");
        assertTrue(html.contains("fd " + Html.escape(EVIL)), "the fd's lane");
        assertTrue(html.contains("open " + Html.escape(EVIL)), "the scenario's step");
        assertTrue(html.contains("NoSilentFsyncInv =="), "the property's text, from specs/Fsync.tla");
        assertTrue(html.contains("default-src 'none'"), "the content security policy");
    }

    @Test
    void readCheckJson_refusesWhatIsNotChecksJson_namingTheFile() throws Exception {
        Path f = tmp.resolve("other.json");
        Files.writeString(f, "[1, 2]");
        WberrException e = assertThrows(WberrException.class, () -> HtmlReport.readCheckJson(f));
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertTrue(e.getMessage().contains("other.json"), e.getMessage());
        assertTrue(e.getMessage().contains("not the JSON of `wberr check --json`"), e.getMessage());
    }

    @Test
    void propertyText_isTheCommentAboveTheDefinitionAndTheDefinition() {
        String text = PropertyText.in(List.of("Foo == 1", "", "\\* says why", "\\* more", "P ==", "    x > 0", "",
                "Q == 2"), "P");
        assertEquals("\\* says why\n\\* more\nP ==\n    x > 0", text);
        assertNull(PropertyText.in(List.of("PP == 1"), "P"));
    }

    private static Path fixture(String name) {
        return Paths.get("src", "test", "resources", "report", name);
    }
}
