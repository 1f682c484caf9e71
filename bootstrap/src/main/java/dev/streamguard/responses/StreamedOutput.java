package dev.streamguard.responses;

import dev.streamguard.StreamGuardException;
import dev.streamguard.buffer.ByteBuilder;
import dev.streamguard.config.ByteSize;
import dev.streamguard.config.Setting;
import java.util.ArrayList;
import java.util.List;

/**
 * The output items as the client received them whole (each {@code output_item.done}), kept so that a terminal event that lost them can carry them (R1). What
 * is kept never exceeds the event cap, the largest event the rebuilt terminal event may be: past it the items are
 * dropped and a rebuild that needs them fails, naming the cap.
 */
final class StreamedOutput {
    private final long limit;
    private final List<byte[]> items = new ArrayList<>();
    private long bytes;
    private boolean overflowed;

    StreamedOutput(long limit) {
        this.limit = limit;
    }

    /** The item at {@code index} as the client has it: {@code json[start, end)}. A later record replaces it. */
    void record(int index, byte[] json, int start, int end) {
        if (overflowed) {
            return;
        }
        while (items.size() <= index) {
            items.add(null);
        }
        byte[] old = items.get(index);
        long next = bytes - (old == null ? 0 : old.length) + (end - start);
        if (next > limit) {
            overflowed = true;
            items.clear();
            bytes = 0;
            return;
        }
        byte[] copy = new byte[end - start];
        System.arraycopy(json, start, copy, 0, copy.length);
        items.set(index, copy);
        bytes = next;
    }

    /**
     * The output array of {@code count} items, or null when it cannot be rebuilt; {@link #failure} then says why.
     */
    byte[] array(int count) {
        if (overflowed || items.size() < count) {
            return null;
        }
        ByteBuilder out = new ByteBuilder((int) bytes + count + 2);
        out.append((byte) '[');
        for (int i = 0; i < count; i++) {
            byte[] item = items.get(i);
            if (item == null) {
                return null;
            }
            if (i > 0) {
                out.append((byte) ',');
            }
            out.append(item);
        }
        return out.append((byte) ']').toByteArray();
    }

    /** Why {@link #array(int)} gave null, as the failure of the terminal event {@code terminal}. */
    StreamGuardException failure(String terminal, int count) {
        String prefix = terminal + " carried no output, and the guard cannot rebuild it: ";
        if (overflowed) {
            return new StreamGuardException(StreamGuardException.Cause.CAP_EXCEEDED, prefix
                    + "the streamed output items are larger than the guard keeps for it (" + ByteSize.format(limit) + ", "
                    + Setting.EVENT_MAX_BYTES.propertyName() + ")");
        }
        int missing = 0;
        while (missing < items.size() && items.get(missing) != null) {
            missing++;
        }
        return new StreamGuardException(StreamGuardException.Cause.INCOHERENT_STREAM, prefix + "output item " + missing
                + " of " + count + " never ended (no output_item.done)");
    }
}
