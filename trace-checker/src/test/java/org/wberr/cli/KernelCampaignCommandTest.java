package org.wberr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wberr.core.ExitCode;

/**
 * {@code wberr kernel --generate / --merge / --patch} as far as they go without a kernel: every bad input is exit 2
 * with a message naming the option or file, before anything is generated or booted; merging shards.
 */
class KernelCampaignCommandTest {

    @TempDir
    Path dir;

    record Result(int exit, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.newCommandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    private static void badInput(String expected, String... args) {
        Result r = run(args);
        assertEquals(ExitCode.BAD_INPUT, r.exit(), r.err());
        assertTrue(r.err().contains(expected), "expected '" + expected + "' in: " + r.err());
        assertEquals("", r.out());
    }

    @Test
    void badCampaignOptions_areExit2() {
        badInput("--shard: '0/4' is not a shard: expected I/N with 1 <= I <= N", "kernel", "--generate", "5",
                "--shard", "0/4");
        badInput("--shard: '2' is not a shard", "kernel", "--generate", "5", "--shard", "2");
        badInput("--generate: must be at least 1 scenario, not 0", "kernel", "--generate", "0");
        badInput("--variant: unknown variant 'v9' for --generate: expected one of legacy-flags, v8-posting, v4.13,"
                + " v4.17", "kernel", "--generate", "5", "--variant", "v9");
        badInput("--guests: must be at least 1, not 0", "kernel", "--generate", "5", "--variant", "v4.17",
                "--guests", "0", "--per-boot", "3");
        badInput("--generate runs generated scenarios, not files", "kernel", "--generate", "5", "x.scn");
        badInput("give scenario files, or --generate N", "kernel");
        badInput("--base: only with --patch", "kernel", "--base", "v4.13", "x.scn");
    }

    @Test
    void badPatchReviewInput_isExit2_beforeAnyBuild() throws IOException {
        badInput("no such readable file", "kernel", "--patch", dir.resolve("missing.patch").toString());
        Path p = Files.writeString(dir.resolve("p.patch"), "--- a/x\n+++ b/x\n");
        badInput("--base: unknown variant 'v9'", "kernel", "--patch", p.toString(), "--base", "v9");
        badInput("--patch runs the shipped and generated scenarios", "kernel", "--patch", p.toString(), "x.scn");
    }

    private String shard(String name, String shard, int scenarios, int agree, String unexplained) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, "[{\"variant\":\"v4.17\",\"seed\":1,\"shard\":\"" + shard + "\",\"scenarios\":"
                + scenarios + ",\"steps\":" + scenarios * 20 + ",\"judged\":" + scenarios * 20 + ",\"results\":"
                + scenarios * 5 + ",\"covered\":50,\"transitions\":100,\"boots\":1,\"shrinkBoots\":0,\"guests\":2,"
                + "\"runMs\":10000,\"wallMs\":11000,\"agree\":" + agree + ",\"explained\":{\"enospc-as-eio\":"
                + (scenarios - agree - (unexplained.isEmpty() ? 0 : 1)) + "},\"abstractions\":{\"enospc-as-eio\":"
                + "\"ext4 reports EIO\"},\"unexplained\":[" + unexplained + "]}]\n");
        return f.toString();
    }

    @Test
    void merge_addsTheShardsUp_andExits1OnAnUnexplainedDisagreement() throws IOException {
        String a = shard("a.json", "1/2", 100, 95, "");
        String b = shard("b.json", "2/2", 100, 97, "{\"name\":\"gen-v4.17-00007\",\"origin\":\"random walk\","
                + "\"what\":\"gen-v4.17-00007:9: fsync A: expected EIO; model EIO; kernel 0\",\"minimal\":null,"
                + "\"steps\":20,\"minimalSteps\":20}");
        Result r = run("kernel", "--merge", a, b);
        assertEquals(ExitCode.DIFFERS, r.exit(), r.err());
        assertTrue(r.out().startsWith("campaign v4.17 (seed 1, shard 1/2+2/2): 200 scenarios, 4,000 steps"),
                r.out());
        assertTrue(r.out().matches("(?s).*\n  agree +192\n.*"), r.out());
        assertTrue(r.out().matches("(?s).*\n  explained: enospc-as-eio +7   ext4 reports EIO\n.*"), r.out());
        assertTrue(r.out().matches("(?s).*\n  unexplained +1\n    gen-v4.17-00007: gen-v4.17-00007:9: fsync A.*"),
                r.out());

        Result ok = run("kernel", "--merge", a, shard("c.json", "2/2", 100, 98, ""));
        assertEquals(ExitCode.OK, ok.exit(), ok.err());
        badInput("shard 1/2 is given twice", "kernel", "--merge", a, a);
        Path junk = Files.writeString(dir.resolve("junk.json"), "{\"not\": \"a list\"}");
        badInput(junk + ": not the --json file of wberr kernel --generate", "kernel", "--merge", junk.toString());
        badInput("--merge: give the campaign results to merge", "kernel", "--merge");
    }
}
