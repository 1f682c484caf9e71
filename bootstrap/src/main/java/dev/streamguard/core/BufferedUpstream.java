package dev.streamguard.core;

import java.io.IOException;

/**
 * An upstream whose HTTP client already buffers what it reads from the socket, in arrays the guard may read: the pull
 * adapter reads those bytes where they lie instead of copying them into a buffer of its own first. Under hundreds of
 * concurrent streams a body's bytes are cold by the time they are read, and every pass over them costs memory
 * bandwidth. The same bytes are also readable as the adapter's {@code InputStream} upstream, which the adapter
 * uses when it passes the body through.
 */
public interface BufferedUpstream {
    /**
     * Waits until bytes are buffered, or the upstream ends; returns how many lie together from {@link #offset()} in
     * {@link #array()}, at least one, or -1 at the end.
     */
    int fill() throws IOException;

    /** The array the bytes of the last {@link #fill()} lie in. */
    byte[] array();

    /** Where they start in it. */
    int offset();

    /**
     * The first {@code n} bytes of the last {@link #fill()} were read: the client may reuse their memory. Those of them
     * that {@link #moveOut} took are not taken twice.
     */
    void consumed(int n);

    /**
     * Bytes of the last {@link #fill()} that the guard passes unchanged leave where they lie instead of as a copy: the
     * {@code len} bytes from {@code from} (counted from {@link #offset()}), after every byte {@link #writeOut} was given
     * before. The bytes of the fill before {@code from} that have not left are dropped. Called in order while the guard
     * reads the fill, which reads no byte again once it has left: the upstream may hand their memory on. Never throws;
     * a body another thread closed meanwhile loses them.
     */
    void moveOut(int from, int len);

    /** The guard's own bytes (rewritten, or kept from an earlier fill) leave as a copy, after what left before. */
    void writeOut(byte[] b, int off, int len);
}
