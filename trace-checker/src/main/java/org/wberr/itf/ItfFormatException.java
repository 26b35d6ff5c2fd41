package org.wberr.itf;

/**
 * A trace that is not valid ITF: malformed JSON, a shape that is not ITF, a missing variable, an
 * unsupported value encoding. The message says where (file, line and column, or the JSON path) and what
 * was expected; the CLI shows it as is and exits 2.
 */
public class ItfFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ItfFormatException(String message) {
        super(message);
    }

    /** The same error, prefixed with the file it came from. */
    public ItfFormatException in(String file) {
        return new ItfFormatException(file + ": " + getMessage());
    }
}
