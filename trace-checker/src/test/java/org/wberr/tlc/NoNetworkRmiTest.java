package org.wberr.tlc;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.SocketException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;
import org.wberr.check.ModelJob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The factory alone (installing it is once per JVM, so ModelJob does that in the child). */
class NoNetworkRmiTest {
    @Test
    void serverSocket_isNeverBound_andAcceptWaitsUntilClosed() throws Exception {
        ServerSocket s = new NoNetworkRmi().createServerSocket(0);
        assertFalse(s.isBound());
        assertEquals(1, s.getLocalPort());
        CompletableFuture<Throwable> accept = CompletableFuture.supplyAsync(() -> {
            try {
                s.accept();
                return null;
            } catch (IOException e) {
                return e;
            }
        });
        assertThrows(TimeoutException.class, () -> accept.get(200, TimeUnit.MILLISECONDS), "accept returned");
        s.close();
        assertTrue(accept.get(5, TimeUnit.SECONDS) instanceof SocketException);
    }

    @Test
    void clientSockets_areRefused() {
        assertThrows(IOException.class, () -> new NoNetworkRmi().createSocket("localhost", 1099));
    }
}
