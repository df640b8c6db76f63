package dev.mitosis.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Outgoing connections an instance makes (replication receiver, clone recipient). They start from
 * the instance's bind address when it is a specific address (or from SOURCE_BIND when a channel
 * sets one), so the far side's host-scoped accounts see this instance's own address, as they
 * would on separate hosts; the far side's name is resolved through the instance's {@link HostNames}.
 */
public final class OutgoingSockets {
    private OutgoingSockets() {}

    /** Whether a bind address names one address (not *, 0.0.0.0, ::). */
    public static boolean isSpecific(String bindAddress) {
        if (bindAddress == null) return false;
        String b = first(bindAddress);
        return !(b.isEmpty() || b.equals("*") || b.equals("0.0.0.0") || b.equals("::") || b.equals("0:0:0:0:0:0:0:0"));
    }

    private static String first(String bindAddress) {
        String b = bindAddress.trim();
        int comma = b.indexOf(',');
        return comma >= 0 ? b.substring(0, comma).trim() : b;
    }

    /** Connects to {@code address:port}, from {@code bindAddress} when it is specific. */
    public static Socket connect(InetAddress address, int port, String bindAddress, int timeoutMillis) throws IOException {
        Socket socket = new Socket();
        try {
            if (isSpecific(bindAddress)) socket.bind(new InetSocketAddress(InetAddress.getByName(first(bindAddress)), 0));
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(address, port), timeoutMillis);
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Connects from an instance to {@code host:port}: the host resolved through the instance's
     * host names, the source address {@code sourceBind} if given, else the instance's bind address.
     */
    public static Socket connect(Instance instance, String host, int port, String sourceBind, int timeoutMillis)
            throws IOException {
        InetAddress address = instance.hostNames().resolve(host);
        String bind = sourceBind != null && !sourceBind.isBlank() ? sourceBind : instance.bindAddress();
        return connect(address, port, bind, timeoutMillis);
    }
}
