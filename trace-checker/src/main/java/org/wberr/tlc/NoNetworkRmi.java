package org.wberr.tlc;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.rmi.server.RMISocketFactory;
import java.util.concurrent.CountDownLatch;

/**
 * RMI without a network, for the child JVM. TLC's fingerprint set ({@code tlc2.tool.fp.FPSet}) extends
 * {@code UnicastRemoteObject} (for distributed TLC), so every model-checking run exports it over RMI: a TCP
 * server socket on an anonymous port of every interface, and a thread blocked in the native
 * {@code accept()}. HotSpot waits up to 300 ms at exit for threads in native code, so each child took 0.3 s
 * longer to exit than to finish (measured: 340 ms between writing the result and the process ending). With
 * this factory installed, the export binds nothing and its accept loop waits in Java; nothing can connect.
 */
public final class NoNetworkRmi extends RMISocketFactory {

    /** Installs the factory; RMI allows this once per JVM. */
    public static void install() throws IOException {
        RMISocketFactory.setSocketFactory(new NoNetworkRmi());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        throw new IOException("a wberr model job makes no RMI connections");
    }

    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
        return new Unbound();
    }

    /** A server socket that is never bound: accept() waits (in Java) until it is closed. */
    private static final class Unbound extends ServerSocket {
        private final CountDownLatch closed = new CountDownLatch(1);

        Unbound() throws IOException {
            super();
        }

        @Override
        public Socket accept() throws IOException {
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new SocketException("closed");
        }

        @Override
        public int getLocalPort() {
            // RMI names the endpoint after the port; any fixed number will do, nothing connects to it.
            return 1;
        }

        @Override
        public void close() throws IOException {
            closed.countDown();
            super.close();
        }
    }
}
