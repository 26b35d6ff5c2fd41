package org.wberr.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * How wberr reads a file the user names: its text in UTF-8, or its JSON. Every failure is bad input (exit 2) naming
 * the file and the place: a directory, a file that cannot be read (and why), the byte offset of the first byte that
 * is not UTF-8, the line and column where the JSON goes wrong (nesting deeper than Jackson's limit included).
 */
public final class InputFiles {

    private InputFiles() {
    }

    /** The file's text; {@code where} names it in messages (the path as the user gave it). */
    public static String text(Path file, String where) {
        if (Files.isDirectory(file)) {
            throw WberrException.badInput(where, "is a directory, not a file");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw WberrException.badInput(where, "no such file");
        } catch (FileSystemException e) {
            throw WberrException.badInput(where, "cannot be read: " + (e.getReason() != null ? e.getReason()
                    : e.getClass().getSimpleName()));
        } catch (IOException e) {
            throw WberrException.badInput(where, "cannot be read: " + e.getMessage());
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = decoder.decode(in, out, true);
        if (!r.isError()) {
            r = decoder.flush(out);
        }
        if (r.isError()) {
            int at = in.position();
            int line = 1;
            for (int i = 0; i < at; i++) {
                line += bytes[i] == '\n' ? 1 : 0;
            }
            throw WberrException.badInput(where + ": byte " + at + " (line " + line + ")",
                    String.format("not UTF-8 text (0x%02X cannot start or continue a character here)",
                            bytes[at] & 0xFF));
        }
        return out.flip().toString();
    }

    /**
     * {@code text} parsed as JSON by {@code mapper}; {@code where} names the file. An empty text, or JSON that does
     * not parse, is bad input: {@code where: line L, column C: invalid JSON: what Jackson says}.
     */
    public static JsonNode json(ObjectMapper mapper, String text, String where) {
        try (JsonParser p = mapper.createParser(text)) {
            try {
                JsonNode root = mapper.readTree(p);
                if (root == null || root.isMissingNode()) {
                    throw WberrException.badInput(where, "invalid JSON: the file is empty");
                }
                return root;
            } catch (JsonProcessingException e) {
                JsonLocation loc = e.getLocation() != null ? e.getLocation() : p.currentLocation();
                String msg = e.getOriginalMessage().lines().findFirst().orElse("").trim();
                String at = loc == null ? "" : ": line " + loc.getLineNr() + ", column " + loc.getColumnNr();
                throw WberrException.badInput(where + at, "invalid JSON: " + msg);
            }
        } catch (IOException e) {
            throw WberrException.badInput(where, "invalid JSON: " + e.getMessage());
        }
    }
}
