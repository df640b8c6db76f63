package dev.mitosis.replication;

/** Starts and stops a channel's receiver (I/O) and applier (SQL) threads. */
public interface ChannelRunner {
    /** Starts the receiver; {@code user}/{@code password} are START REPLICA's one-run credentials or null. */
    void startReceiver(Channel channel, String user, String password);

    void startApplier(Channel channel);

    /** Stops the receiver and waits until it has stopped. */
    void stopReceiver(Channel channel);

    /** Stops the applier at a transaction boundary and waits until it has stopped. */
    void stopApplier(Channel channel);
}
