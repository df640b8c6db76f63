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
    private Thread acceptor;

    Listener(Instance instance, String bindAddress, int port) throws IOException {
        this.instance = instance;
        this.socket = new ServerSocket();
        socket.setReuseAddress(true);
        InetAddress addr = bindAddress == null || bindAddress.equals("*") || bindAddress.equals("0.0.0.0")
                ? null : InetAddress.getByName(bindAddress);
        try {
            socket.bind(new InetSocketAddress(addr, port), 256);
        } catch (IOException e) {
            socket.close();
            throw new IOException("Can't start server: Bind on TCP/IP port " + port + " (" + bindAddress
                    + "): " + e.getMessage(), e);
        }
    }

    int port() {
        return socket.getLocalPort();
    }

    void start() {
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
