package dev.streamguard.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** How a test splits a body into the chunks the guard receives. */
public interface Chunking {
    /** The sizes of successive chunks covering {@code length} bytes. */
    List<Integer> sizes(int length);

    static Chunking whole() {
        return length -> length == 0 ? List.of() : List.of(length);
    }

    static Chunking everyByte() {
        return length -> {
            List<Integer> sizes = new ArrayList<>();
            for (int i = 0; i < length; i++) {
                sizes.add(1);
            }
            return sizes;
        };
    }

    /** Random sizes from 1 to {@code max}, reproducible from the seed. */
    static Chunking random(long seed, int max) {
        return length -> {
            Random r = new Random(seed);
            List<Integer> sizes = new ArrayList<>();
            int left = length;
            while (left > 0) {
                int n = Math.min(left, 1 + r.nextInt(max));
                sizes.add(n);
                left -= n;
            }
            return sizes;
        };
    }

    /** Two chunks split at {@code at}. */
    static Chunking splitAt(int at) {
        return length -> at <= 0 || at >= length ? List.of(length) : List.of(at, length - at);
    }
}
