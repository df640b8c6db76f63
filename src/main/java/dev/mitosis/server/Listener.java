package dev.mitosis.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Accepts client connections and gives each its own thread. */
final class Listener {
    private static final Logger log = LoggerFactory.getLogger(Listener.class);
    private final Instance instance;
    private final ServerSocket socket;
    private final InetAddress address;
    private final String bindAddress;
    private final int requestedPort;
    private Thread acceptor;

    /**
     * A fixed port is bound only by {@link #start()}, after recovery: a client that can connect
     * gets a greeting, as with mysqld. Port 0 (tests) is bound at once, to learn the port.
     */
    Listener(Instance instance, String bindAddress, int port) throws IOException {
        this.instance = instance;
        this.bindAddress = bindAddress;
        this.requestedPort = port;
        this.socket = new ServerSocket();
        socket.setReuseAddress(true);
        address = bindAddress == null || bindAddress.equals("*") || bindAddress.equals("0.0.0.0")
                ? null : InetAddress.getByName(bindAddress);
        if (port == 0) bind();
    }

    private void bind() throws IOException {
        try {
            socket.bind(new InetSocketAddress(address, requestedPort), 256);
        } catch (IOException e) {
            socket.close();
            throw new IOException("Can't start server: Bind on TCP/IP port " + requestedPort + " (" + bindAddress
                    + "): " + e.getMessage(), e);
        }
    }

    int port() {
        return socket.isBound() ? socket.getLocalPort() : requestedPort;
    }

    void start() throws IOException {
        if (!socket.isBound()) bind();
        acceptor = new Thread(this::acceptLoop, "mitosis-accept-" + port());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            Socket client;
            try {
                client = socket.accept();
            } catch (IOException e) {
                if (!socket.isClosed()) log.warn("accept failed: {}", e.toString());
                continue;
            }
            if (!instance.awaitAvailable()) {
                closeQuietly(client);
                continue;
            }
            try {
                client.setTcpNoDelay(true);
                ClientSession session = new ClientSession(instance, client);
                Thread t = new Thread(session, "mitosis-conn-" + session.id());
                t.setDaemon(true);
                t.start();
            } catch (Throwable e) {
                log.warn("could not start a session: {}", e.toString());
                try {
                    client.close();
                } catch (IOException ignored) {
                    // nothing more to do
                }
            }
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
